// One run of a remote arm, as the campaign's program for it (fleet.ts): runs the arm on its host with
// the campaign's variables (the contract, passed on ssh's command line: ssh forwards no environment),
// then fetches the record over the same master connection, stores it in the campaign's --out with
// the host's identity (written atomically by the store), and only then removes the copy on the host.
// Exits with the run's exit code (255: ssh failed, its reason on stderr).
import { campaignFromEnvironment, campaignVariables } from './contract.js';
import { fetchScript, REMOTE_PID_FILE, remoteRunScript, type RemoteRunSpec } from './fleet.js';
import { lastLine, parseIdentity, runSsh, shellQuote, SSH_FAILED } from './ssh.js';
import { parseRecord } from '../results/record.js';
import { writeRecord } from '../results/store.js';

async function main(): Promise<number> {
  const spec = JSON.parse(process.argv[2] ?? '') as RemoteRunSpec;
  const campaign = campaignFromEnvironment();
  if (campaign === undefined || campaign.out === undefined) {
    process.stderr.write('ssh-arm: run by a campaign only (MINTBENCH_CAMPAIGN_ID and MINTBENCH_CAMPAIGN_OUT unset)\n');
    return 2;
  }
  const { place, arm, checkOnly } = campaign;
  const runDir = `${spec.remoteDir}/${checkOnly ? 'check' : 'run'}-${place.round}-${place.position}`;
  const variables = campaignVariables(place, arm ?? '', runDir, checkOnly);
  const stop = new AbortController();
  // The campaign's stop (one SIGTERM) goes to the run's process group there, as a local run gets it:
  // mintbench writes what it completed, which is then fetched as any record. Ending only the ssh
  // client would leave the run going there. Before the run has said its pid, the session is ended.
  process.once('SIGTERM', () => {
    const pidFile = shellQuote(`${runDir}/${REMOTE_PID_FILE}`);
    void runSsh(spec.session, spec.target, `pid=$(cat ${pidFile}) && kill -TERM -"$pid"`).then(
      (killed) => {
        if (killed.exitCode !== 0) {
          process.stderr.write(
            `${spec.target.name}: the run could not be stopped there (${lastLine(killed.stderr)}): ending its session\n`,
          );
          stop.abort();
        }
      },
      () => {
        stop.abort();
      },
    );
  });
  const run = await runSsh(spec.session, spec.target, remoteRunScript(spec, variables, runDir), {
    stderr: 'tee',
    signal: stop.signal,
  });
  if (run.exitCode === SSH_FAILED) {
    // The host stopped answering (ssh died, the network went down, the host rebooted): one line, ssh's reason.
    process.stderr.write(
      `${spec.target.name}: the connection failed during round ${place.round}, run ${place.position} (${lastLine(run.stderr)}); that run is lost, every completed run is kept\n`,
    );
    return SSH_FAILED;
  }
  if (checkOnly) {
    await runSsh(spec.session, spec.target, `rm -rf ${shellQuote(runDir)}`);
    return run.exitCode ?? 1;
  }
  // A run that failed may still have written what it completed: fetch whatever is there.
  const fetched = await runSsh(spec.session, spec.target, fetchScript(runDir));
  if (fetched.exitCode !== 0) {
    process.stderr.write(`${spec.target.name}: the record of this run could not be fetched from ${runDir}: ${lastLine(fetched.stderr)}\n`);
    return run.exitCode === 0 ? 1 : (run.exitCode ?? 1);
  }
  const lines = fetched.stdout.split('\n');
  const identity = parseIdentity(lines);
  const text = lines.slice(3).join('\n').trim();
  if (identity !== undefined && text !== '') {
    try {
      const record = { ...parseRecord(JSON.parse(text)), host: { name: spec.target.name, ...identity } };
      writeRecord(record, campaign.out);
    } catch (error) {
      // Not stored here: the copy there is kept, out of the campaign's directory (removed at its end).
      const kept = `${spec.remoteDir}.kept-${place.round}-${place.position}`;
      await runSsh(spec.session, spec.target, `mv ${shellQuote(runDir)} ${shellQuote(kept)}`);
      throw new Error(
        `${spec.target.name}: the record of round ${place.round}, run ${place.position} was not stored (${error instanceof Error ? error.message : String(error)}); it is kept there in ${kept}`,
        { cause: error },
      );
    }
    await runSsh(spec.session, spec.target, `rm -rf ${shellQuote(runDir)}`);
  } else if (run.exitCode === 0) {
    process.stderr.write(`${spec.target.name}: the run wrote no record into ${runDir}\n`);
    return 1;
  }
  return run.exitCode ?? 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ssh-arm: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
