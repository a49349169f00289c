// Preloaded into a mintbench CLI process by the bench (node --import): times every captureMachine()
// call from outside the product, without changing it. See hooks.js.
import { register } from 'node:module';

register('./hooks.js', import.meta.url);
