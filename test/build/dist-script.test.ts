import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkUpdateUrl, distExit } from '../../scripts/packaging/dist-inputs'
// @ts-expect-error: a plain .mjs helper shared with `npm start`, without type declarations.
import { findElectronBinary } from '../../scripts/electron-binary.mjs'

const root = resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

let scratch: string
let stage: string

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'coze-dist-'))
  stage = join(scratch, 'stage')
})
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

/** `npm run dist -- …args` as a person runs it (the script itself, through tsx). */
async function dist(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/dist.ts', ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          COZE_DIST_STAGE_DIR: stage,
          COZE_UPDATE_URL: '',
          COZE_PROFILES_DIR: '',
          // A fetch that cannot succeed, into a cache of its own, remembered in a folder of its own.
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          electron_config_cache: join(scratch, 'electron-cache'),
          COZE_ELECTRON_FETCH_STATE: join(scratch, 'fetch-state'),
          ...env,
        },
      },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function folder(name: string, files: Record<string, unknown>): Promise<string> {
  const dir = join(scratch, name)
  await mkdir(dir, { recursive: true })
  for (const [file, content] of Object.entries(files)) {
    await writeFile(
      join(dir, file),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    )
  }
  return dir
}

const pkceApp = {
  client_type: 'pkce',
  client_id: '1190000000001',
  coze_api_base: 'https://api.coze.cn',
  coze_www_base: 'https://www.coze.cn',
  redirect_uri: 'http://127.0.0.1:8080/callback',
}
const deviceApp = {
  client_type: 'device',
  client_id: '1190000000002',
  coze_api_base: 'https://api.coze.com',
}

describe("npm run dist: the organisation's ready-made apps", () => {
  it('a good folder: every file is checked and staged, and nothing else', async () => {
    const dir = await folder('good', {
      'cn-pkce.json': pkceApp,
      'com-device.json': deviceApp,
      'notes.txt': 'not a profile',
    })
    const result = await dist(['--profiles', dir, '--check'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(distExit.ok)
    expect(result.stdout).toContain('Ready-made apps: cn-pkce.json, com-device.json.')
    expect((await readdir(stage)).sort()).toEqual(['cn-pkce.json', 'com-device.json'])
    expect(JSON.parse(await readFile(join(stage, 'cn-pkce.json'), 'utf8'))).toEqual(pkceApp)
  })

  it('the environment variable names the folder as --profiles does', async () => {
    const dir = await folder('from-env', { 'only.json': deviceApp })
    const result = await dist(['--check'], { COZE_PROFILES_DIR: dir })
    expect(result.code).toBe(distExit.ok)
    expect(await readdir(stage)).toEqual(['only.json'])
  })

  it('a bad file stops the build, naming the file and the field, and stages nothing', async () => {
    await rm(stage, { recursive: true, force: true })
    const dir = await folder('bad', {
      'fine.json': pkceApp,
      'no-id.json': { client_type: 'pkce', coze_api_base: 'https://api.coze.com' },
      'web.json': { client_type: 'web', client_id: '3', client_secret: 'shh-not-for-installers' },
      'broken.json': '{ "client_type": ',
    })
    const result = await dist(['--profiles', dir, '--check'])
    expect(result.code).toBe(distExit.badProfile)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toContainEqual(expect.stringMatching(/no-id\.json: .*"client_id"/))
    expect(lines).toContainEqual(expect.stringMatching(/web\.json: only PKCE and device apps/))
    expect(lines).toContainEqual(expect.stringMatching(/broken\.json: .*not valid JSON/))
    expect(result.stderr).not.toMatch(/fine\.json/)
    // The refused secret is never repeated back.
    expect(result.stderr + result.stdout).not.toContain('shh-not-for-installers')
    expect(lines.at(-1)).toBe('npm run dist: no installer was built; fix the file(s) above')
    await expect(readdir(stage)).rejects.toThrow()
  })

  it('a value the app schema refuses (a name too long for the store) is caught too', async () => {
    const dir = await folder('too-long', { 'long.json': { ...deviceApp, name: 'x'.repeat(5000) } })
    const result = await dist(['--profiles', dir, '--check'])
    expect(result.code).toBe(distExit.badProfile)
    expect(result.stderr).toMatch(/long\.json: .*name/)
  })

  it('an empty folder or a missing one is refused: an organisation build ships its apps', async () => {
    const empty = await folder('empty', { 'README.md': '# nothing' })
    const fromEmpty = await dist(['--profiles', empty, '--check'])
    expect(fromEmpty.code).toBe(distExit.badProfile)
    expect(fromEmpty.stderr).toContain(`${empty}: holds no .json file`)
    const missing = await dist(['--profiles', join(scratch, 'nowhere'), '--check'])
    expect(missing.code).toBe(distExit.badProfile)
    expect(missing.stderr).toContain('cannot be read')
  })

  it("the repository's own build/profiles, empty but for its README, ships no app", async () => {
    const result = await dist(['--check'])
    expect(result.code).toBe(distExit.ok)
    expect(result.stdout).toContain('Ready-made apps: none.')
  })
})

describe('npm run dist: arguments, the update address and Electron', () => {
  it('refuses an unknown option and a plain-http update address with one line', async () => {
    const unknown = await dist(['--profile', 'x'])
    expect(unknown.code).toBe(distExit.usage)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    const http = await dist(['--check'], { COZE_UPDATE_URL: 'http://updates.example.com/' })
    expect(http.code).toBe(distExit.usage)
    expect(http.stderr).toBe(
      'npm run dist: COZE_UPDATE_URL must start with https:// (got http://)\n',
    )
  })

  it('reports the update address it will bake in', async () => {
    const result = await dist(['--check'], { COZE_UPDATE_URL: 'https://updates.example.com/coze' })
    expect(result.code).toBe(distExit.ok)
    expect(result.stdout).toContain('Updates: https://updates.example.com/coze.')
  })

  it('checkUpdateUrl: https anywhere, http only on this machine, no credentials', () => {
    expect(checkUpdateUrl('https://u.example.com/app/')).toEqual({
      ok: true,
      url: 'https://u.example.com/app/',
    })
    expect(checkUpdateUrl('http://127.0.0.1:8080/')).toMatchObject({ ok: true })
    expect(checkUpdateUrl('http://10.0.0.1/')).toMatchObject({ ok: false })
    expect(checkUpdateUrl('https://user:pw@u.example.com/')).toMatchObject({ ok: false })
    expect(checkUpdateUrl('ftp://u.example.com/')).toMatchObject({ ok: false })
    expect(checkUpdateUrl('not a url')).toMatchObject({ ok: false })
  })

  const installed = 'path' in (findElectronBinary() as object)
  it.skipIf(installed)(
    'without an Electron binary: one line says why, exit 4, nothing built',
    async () => {
      const result = await dist([])
      expect(result.code).toBe(distExit.noElectron)
      expect(result.stdout).toBe('')
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        new RegExp(
          `^npm run dist: cannot build installers here: no Electron binary for ${process.platform}-${process.arch} \\(.+\\)$`,
        ),
      )
    },
  )
})
