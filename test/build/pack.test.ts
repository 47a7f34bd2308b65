import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses'
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fuseSettings } from '../../build/fuses'
import { parseUpdateFeed } from '../../src/main/core/updates/update-service'
import { skipWithoutSecretService } from '../support/secret-service'

const root = resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

/**
 * electron-builder itself, with build/electron-builder.config.ts, packing the built app for
 * Linux as an unpacked folder (`--dir`: no installer tool is needed). No Electron binary can be
 * had here, so the Electron it packs is a stand-in folder with the fuse wire an Electron
 * executable carries; everything else is the real packing: the asar, the resources, the hooks.
 */
let scratch: string
let appDir: string

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'coze-pack-'))
  const electronDist = join(scratch, 'electron-dist')
  await mkdir(join(electronDist, 'resources'), { recursive: true })
  // Electron's defaults on its wire of nine fuses (see fuses.test.ts).
  const wire = Buffer.from([1, 9, ...Buffer.from('101100010', 'ascii')])
  await writeFile(
    join(electronDist, 'electron'),
    Buffer.concat([randomBytes(2048), Buffer.from(SENTINEL, 'ascii'), wire, randomBytes(2048)]),
    { mode: 0o755 },
  )
  for (const file of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) {
    await writeFile(join(electronDist, file), 'stand-in')
  }
  const profiles = join(scratch, 'profiles')
  await mkdir(profiles)
  await writeFile(
    join(profiles, 'org-device.json'),
    JSON.stringify({ client_type: 'device', client_id: '1190000000002' }),
  )
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    await run(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: root,
      },
    )
  }
  const output = join(scratch, 'dist')
  await run(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--config',
      'build/electron-builder.config.ts',
      '--linux',
      '--dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        COZE_PACKAGING_PROFILES_DIR: profiles,
        COZE_UPDATE_URL: 'https://updates.example.com/coze/',
      },
    },
  )
  appDir = join(output, 'linux-unpacked')
}, 180_000)

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

describe('electron-builder packs the app with this configuration (Linux, --dir)', () => {
  it('flips the fuses in the packed executable before anything else sees it', async () => {
    const read = await getCurrentFuseWire(join(appDir, 'coze-auth-companion'))
    for (const [name, on] of Object.entries(fuseSettings)) {
      const state = read[FuseV1Options[name as keyof typeof FuseV1Options]]
      expect({ name, state }).toEqual({ name, state: on ? FuseState.ENABLE : FuseState.DISABLE })
    }
  })

  it("writes the update server's address where the app reads it", async () => {
    const text = await readFile(join(appDir, 'resources', 'app-update.yml'), 'utf8')
    expect(parseUpdateFeed(text)).toEqual({
      provider: 'generic',
      url: 'https://updates.example.com/coze/',
    })
  })

  it('ships the ready-made profiles and the tray icon as resources', async () => {
    expect(await readdir(join(appDir, 'resources', 'profiles'))).toEqual(['org-device.json'])
    expect(await readdir(join(appDir, 'resources', 'tray'))).toEqual(['icon.png'])
  })

  it('packs the build into the asar and unpacks only the native keychain module', async () => {
    const { stdout } = await run(process.execPath, [
      join(root, 'node_modules/@electron/asar/bin/asar.js'),
      'list',
      join(appDir, 'resources', 'app.asar'),
    ])
    const entries = stdout.split('\n')
    expect(entries).toContain('/out/main/index.js')
    expect(entries).toContain('/out/preload/index.cjs')
    expect(entries).toContain('/out/renderer/index.html')
    expect(entries).toContain('/node_modules/electron-updater/package.json')
    // No sources, tests, source maps or development tools.
    expect(entries.filter((entry) => /^\/(src|test|scripts|build)\//.test(entry))).toEqual([])
    expect(entries.filter((entry) => entry.endsWith('.map') && entry.startsWith('/out/'))).toEqual(
      [],
    )
    expect(entries.some((entry) => entry.startsWith('/node_modules/electron-builder/'))).toBe(false)
    // What main loads is there; what Vite bundled into the window is not.
    const packages = new Set(
      entries.map(
        (entry) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(entry)?.[1],
      ),
    )
    for (const name of ['ajv', 'jose', 'undici', 'electron-updater']) {
      expect({ name, shipped: packages.has(name) }).toEqual({ name, shipped: true })
    }
    for (const name of ['vue', '@vue/compiler-sfc', 'pinia', 'uqr', 'postcss']) {
      expect({ name, shipped: packages.has(name) }).toEqual({ name, shipped: false })
    }
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules')
    expect(await readdir(unpacked)).toEqual(['@napi-rs'])
  })

  it('ships coze-auth whole: its chunks and the keychain module it loads, and it runs from there', async (context) => {
    const folder = join(appDir, 'resources', 'cli')
    const command = join(folder, 'coze-auth.js')
    expect(existsSync(command)).toBe(true)
    // Every chunk the command names is there.
    const entry = await readFile(command, 'utf8')
    const named = [...entry.matchAll(/"\.\/chunks\/([\w-]+\.js)"/g)].map((match) => match[1])
    expect(named.length).toBeGreaterThan(0)
    const shipped = await readdir(join(folder, 'chunks'))
    for (const chunk of named) expect(shipped).toContain(chunk)
    const native = await readdir(join(folder, 'node_modules', '@napi-rs'))
    expect(native.some((name) => name.startsWith('keyring-'))).toBe(true)
    expect(native.filter((name) => name.endsWith('.tmp'))).toEqual([])

    const help = await run(process.execPath, [command, '--help'])
    expect(help.stdout).toContain('coze-auth')
    // On its own stores it loads the keychain's native module from the shipped folder (not the
    // repository's node_modules: the copy is run from outside it).
    await skipWithoutSecretService(context)
    const dataDir = await mkdtemp(join(scratch, 'cli-data-'))
    const listed = await run(process.execPath, [command, 'list', '--json', '--data-dir', dataDir], {
      cwd: scratch,
      env: { ...process.env, COZE_AUTH_DEMO: undefined, NO_COLOR: '1' },
    })
    expect(JSON.parse(listed.stdout)).toEqual([])
  })
})
