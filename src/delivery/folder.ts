import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Parcel } from "./types.js";

/**
 * Writes the parcel's files into `folder` (created if missing). Each file is written under a
 * temporary name and renamed, so a reader watching the folder never sees half a digest.
 * @returns the paths written.
 */
export async function saveParcelToFolder(folder: string, parcel: Parcel): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const file of parcel.files) {
    const path = join(folder, file.name);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, file.content, "utf8");
    await rename(temporary, path);
    written.push(path);
  }
  return written;
}
