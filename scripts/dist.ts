// `npm run dist`: the installers for this machine's operating system (Windows: NSIS; macOS: dmg
// and zip; Linux: AppImage and deb), in dist/.
//
//   npm run dist -- --profiles DIR   ship DIR's coze_oauth_config.json files as ready-made apps
//                                    (or COZE_PROFILES_DIR=DIR); default build/profiles
//   COZE_UPDATE_URL=https://…        the update server the app checks (none: it never checks)
//   npm run dist -- --check          check the profiles and the address, build nothing
//   npm run dist -- --dir            the unpacked app only, no installer
//
// Everything is checked before the build starts. Exit codes: see distExit in
// scripts/packaging/dist-inputs.ts (2 arguments, 3 a profile, 4 no Electron binary).
import { spawnSync } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { bakeProfiles } from './packaging/bake-profiles'
import { distExit, parseDistRequest } from './packaging/dist-inputs'
// @ts-expect-error: a plain .mjs helper shared with `npm start`, without type declarations.
import { fetchElectronBinary, findElectronBinary } from './electron-binary.mjs'

type Binary = { path: string } | { missing: string }

const root = resolve(import.meta.dirname, '..')
const say = (line: string): void => console.error(`npm run dist: ${line}`)

const parsed = parseDistRequest(process.argv.slice(2), process.env)
if (!parsed.ok) {
  say(parsed.reason)
  process.exit(distExit.usage)
}
const { request } = parsed

const profilesSource = resolve(request.profilesDir ?? join(root, 'build', 'profiles'))
// COZE_DIST_STAGE_DIR moves it (tests keep their folders to themselves).
const profilesStage = resolve(
  process.env.COZE_DIST_STAGE_DIR ?? join(root, 'out', 'packaging', 'profiles'),
)
const baked = await bakeProfiles(profilesSource, profilesStage)
// The repository's own folder may be empty (no organisation): that ships no ready-made app.
const emptyDefault =
  !baked.ok && !request.profilesDir && baked.problems.every((p) => p.file === profilesSource)
if (!baked.ok && !emptyDefault) {
  for (const { file, reason } of baked.problems) say(`${file}: ${reason}`)
  say('no installer was built; fix the file(s) above')
  process.exit(distExit.badProfile)
}
const shipped = baked.ok ? baked.files : []
if (emptyDefault) {
  await rm(profilesStage, { recursive: true, force: true })
  await mkdir(profilesStage, { recursive: true })
}
const summary =
  `Ready-made apps: ${shipped.length ? shipped.join(', ') : 'none'}. ` +
  `Updates: ${request.updateUrl ?? 'never checked (no COZE_UPDATE_URL)'}.`
if (request.checkOnly) {
  console.log(summary)
  process.exit(distExit.ok)
}

let binary = findElectronBinary() as Binary
if ('missing' in binary)
  binary = (await fetchElectronBinary({ retryNow: true, quiet: true })) as Binary
if ('missing' in binary) {
  say(
    `cannot build installers here: no Electron binary for ${process.platform}-${process.arch} (${binary.missing})`,
  )
  process.exit(distExit.noElectron)
}

console.log(summary)

const run = (args: string[], env: NodeJS.ProcessEnv = process.env): void => {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'])
const platformFlag = { darwin: '--mac', win32: '--win', linux: '--linux' }[
  process.platform as string
]
if (!platformFlag) {
  say(`electron-builder makes no installer for ${process.platform}`)
  process.exit(distExit.noElectron)
}
run(
  [
    join(root, 'node_modules/electron-builder/cli.js'),
    '--config',
    request.configFile,
    platformFlag,
    ...(request.dirOnly ? ['--dir'] : []),
    // Building never uploads: the organisation puts dist/ on its update server itself.
    '--publish',
    'never',
  ],
  {
    ...process.env,
    COZE_PACKAGING_PROFILES_DIR: profilesStage,
    ...(request.updateUrl ? { COZE_UPDATE_URL: request.updateUrl } : { COZE_UPDATE_URL: '' }),
  },
)
