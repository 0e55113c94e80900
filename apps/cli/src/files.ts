import { readFile } from "node:fs/promises";
import { CliFailure, EXIT } from "./failure";

/** Reads a file the person named as UTF-8 text, or says why it cannot be read. */
export async function readTextFile(path: string, shownAs: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    const reason =
      code === "ENOENT"
        ? "there is no such file"
        : code === "EISDIR"
          ? "it is a folder, not a file"
          : code === "EACCES"
            ? "you do not have permission to read it"
            : error instanceof Error
              ? error.message
              : String(error);
    throw new CliFailure(`Cannot read ${shownAs}: ${reason}.`, EXIT.usage);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliFailure(
      `${shownAs} is not UTF-8 text. Save it from your spreadsheet as "CSV UTF-8 (comma delimited)" and import it again.`,
      EXIT.failed,
    );
  }
}
