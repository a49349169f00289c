/** Process exit codes: 0 success, 1 a run failed, 2 bad usage, 130 stopped by a signal (128 + SIGINT). */
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;
