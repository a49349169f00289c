// What a failed file-system call means, in words a user can act on, for the messages of the writer
// and of the output checks: "no space left on the filesystem of results (ENOSPC)".

const REASONS: Readonly<Record<string, (dir: string) => string>> = {
  ENOSPC: (dir) => `no space left on the filesystem of ${dir}`,
  EDQUOT: (dir) => `this user's disk quota is used up on the filesystem of ${dir}`,
  EACCES: (dir) => `permission denied: this user may not create files in ${dir}`,
  EPERM: (dir) => `operation not permitted in ${dir}`,
  EROFS: (dir) => `${dir} is on a read-only filesystem`,
  EIO: (dir) => `input/output error on the filesystem of ${dir} (its disk, or the connection to it, failed)`,
  ENOENT: (dir) => `${dir} does not exist (removed while mintbench was writing?)`,
  ENOTDIR: (dir) => `a part of ${dir} is not a directory`,
  EEXIST: (dir) => `a file of that name already exists in ${dir}`,
  ELOOP: (dir) => `too many levels of symbolic links in ${dir}`,
  ENAMETOOLONG: () => 'the path is too long',
  EMFILE: () => 'this process has too many files open',
  ENFILE: () => 'the system has too many files open',
};

/** The error code of a failed Node fs call, or undefined for any other error. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a call on something in `dir` failed with `code`, in words, the code kept in parentheses for searching. */
export function fsReason(code: string, dir: string, fallback = 'the operating system refused'): string {
  const words = REASONS[code];
  return `${words ? words(dir) : fallback} (${code})`;
}
