/**
 * An organisation build's ready-made apps: the `coze_oauth_config.json` files of a folder,
 * checked at build time by the same parser and schema the app applies when it starts
 * (loadBundledProfiles, then the store's profile schema), and copied for electron-builder to
 * ship as `resources/profiles`. One bad file stops the build, naming the file and the reason,
 * so that no installer goes out with an app its users cannot sign in to.
 */
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadBundledProfiles } from '../../src/main/core/profile-service'
import { checkAgainst } from '../../src/main/core/schema-check'
import { storedProfileSchema } from '../../src/shared/schemas'

export type BakeResult =
  { ok: true; files: string[] } | { ok: false; problems: { file: string; reason: string }[] }

/** Checks every `*.json` of `sourceDir` and, if all are good, puts them (alone) in `stageDir`. */
export async function bakeProfiles(sourceDir: string, stageDir: string): Promise<BakeResult> {
  let names: string[]
  try {
    names = (await readdir(sourceDir)).filter((name) => name.endsWith('.json')).sort()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {
      ok: false,
      problems: [
        {
          file: sourceDir,
          reason: code === 'ENOTDIR' ? 'is not a folder' : 'cannot be read (does it exist?)',
        },
      ],
    }
  }
  if (names.length === 0) {
    return {
      ok: false,
      problems: [{ file: sourceDir, reason: 'holds no .json file (coze_oauth_config.json)' }],
    }
  }
  const { profiles, problems } = await loadBundledProfiles(sourceDir)
  const refused = [...problems]
  for (const profile of profiles) {
    try {
      checkAgainst(storedProfileSchema, profile)
    } catch (error) {
      refused.push({
        file: profile.id.replace(/^bundled:/, '') + '.json',
        reason: error instanceof Error ? error.message : String(error),
      })
    }
  }
  if (refused.length > 0) return { ok: false, problems: refused }
  // A fresh folder each time: a file removed from the source must not linger in the next build.
  await rm(stageDir, { recursive: true, force: true })
  await mkdir(stageDir, { recursive: true })
  for (const name of names) await copyFile(join(sourceDir, name), join(stageDir, name))
  return { ok: true, files: names }
}
