export const EXIT = {
  ok: 0,
  /** The file was rejected, or the command could not do its work. */
  failed: 1,
  /** The command was not used as it should be: fix the command line and run it again. */
  usage: 2,
} as const;

/** A failure the CLI explains in a sentence and ends with an exit code, never a stack trace. */
export class CliFailure extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.failed) {
    super(message);
    this.name = "CliFailure";
    this.exitCode = exitCode;
  }
}
