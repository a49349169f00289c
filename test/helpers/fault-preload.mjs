// Preloaded into a CLI process by tests (NODE_OPTIONS=--import=...) with MINTBENCH_TEST_FAULT set to
// a JSON Fault (fault-syscalls.d.mts): the built writer's system calls then fail as it says, after
// every up-front check, which uses plain node:fs.
import process from 'node:process';

import { writeSyscalls } from '../../dist/base/atomic-write.js';
import { faultySyscalls } from './fault-syscalls.mjs';

const fault = process.env.MINTBENCH_TEST_FAULT;
if (fault) Object.assign(writeSyscalls, faultySyscalls({ ...writeSyscalls }, JSON.parse(fault)));
