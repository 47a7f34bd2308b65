import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import type { StoredAccount } from '../../../../src/main/core/accounts/account'
import { briefOf } from '../../../../src/main/core/accounts/account'
import { AppError } from '../../../../src/main/core/errors'
import type { LogLevel } from '../../../../src/main/core/logger'
import type { WriteStep } from '../../../../src/main/core/vault/atomic-file'
import type {
  OpenMetadataStoreOptions,
  OpenedMetadataStore,
} from '../../../../src/main/core/vault/metadata'
import {
  defaultSettings,
  metadataDocumentSchema,
  metadataMigrations,
  metadataSchemaVersion,
  migrateMetadataDocument,
  openMetadataStore,
  peekStoredSettings,
  recoveryNeeded,
} from '../../../../src/main/core/vault/metadata'
import { rejectionOf } from '../../../support/errors'
import { metadataOnDisk } from '../../../support/metadata-on-disk'
import { newStoreDir } from '../../../support/store-dirs'
import { sampleAccount, sampleAccountId, sampleProfile } from './fixtures/metadata-samples'

/** 2026-01-02T03:04:05.678Z: the time in every moved-aside file's name. */
const clockMs = Date.UTC(2026, 0, 2, 3, 4, 5, 678)
const stamp = '2026-01-02T03-04-05.678Z'

function openAt(
  dir: string,
  extra: Partial<OpenMetadataStoreOptions> = {},
): Promise<OpenedMetadataStore> {
  return openMetadataStore({ dir, clock: () => clockMs, ...extra })
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
}

const onDiskDocument = metadataOnDisk

function accountsIn(path: string): Record<string, StoredAccount> {
  return onDiskDocument(path).accounts as Record<string, StoredAccount>
}

function journalLines(dir: string): string[] {
  return readFileSync(join(dir, 'metadata.journal'), 'utf8').split('\n').slice(1, -1)
}

/** An observer that counts the appends to the journal that reached the disk. */
function countingAppends(): {
  onWriteStep: (step: WriteStep, path: string) => void
  appends: () => number
} {
  let appends = 0
  return {
    onWriteStep: (step, path) => {
      if (step === 'synced' && path.endsWith('.journal')) appends += 1
    },
    appends: () => appends,
  }
}

/** Makes the next append to the journal fail at `step`, as a full disk would. */
function failingAppend(step: WriteStep = 'appended'): {
  onWriteStep: (at: WriteStep, path: string) => void
  failNext: () => void
} {
  let armed = false
  return {
    onWriteStep: (at, path) => {
      if (armed && at === step && path.endsWith('.journal')) {
        armed = false
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
      }
    },
    failNext: () => {
      armed = true
    },
  }
}

/** A version-2 file as this build writes it, for tests that damage one part of it. */
function writeDocument(dir: string, document: Record<string, unknown>, name = 'metadata'): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(document, undefined, '\t'))
}

function documentWith(
  accounts: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    schemaVersion: metadataSchemaVersion,
    accounts: Object.fromEntries(
      accounts.map((account, index) => [
        (account as { id?: unknown }).id ?? `missing-${index}`,
        account,
      ]),
    ),
    profiles: {},
    settings: { ...defaultSettings },
    ...extra,
  }
}

const fullSchema = new Ajv({ strict: true }).compile(metadataDocumentSchema)

describe('the schema', () => {
  it('compiles as draft-07, and tells a good document from a bad one', () => {
    const good = documentWith([sampleAccount(1)], { profiles: { 'profile-1': sampleProfile(1) } })
    const bad = documentWith([{ ...sampleAccount(1), status: 'sleeping' }])
    expect([fullSchema(good), fullSchema(bad)]).toEqual([true, false])
  })
})

describe('a new store', () => {
  it('starts empty with the default settings, and writes a valid, private file', async () => {
    const dir = newStoreDir('metadata-new')
    const { store, recovery } = await openAt(dir)
    expect(recovery).toEqual({ quarantined: [] })
    expect(recoveryNeeded(recovery)).toBe(false)
    expect(await store.accounts.list()).toEqual([])
    expect(await store.profiles.list()).toEqual([])
    expect(store.getSettings()).toEqual(defaultSettings)
    expect(store.path).toBe(join(dir, 'metadata.json'))
    const onDisk = readJson(store.path)
    expect(onDisk.schemaVersion).toBe(metadataSchemaVersion)
    expect(fullSchema(onDisk), JSON.stringify(fullSchema.errors)).toBe(true)
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600)
  })

  it('uses the file name it is given', async () => {
    const dir = newStoreDir('metadata-name')
    const { store } = await openAt(dir, { fileName: 'accounts.json' })
    await store.accounts.put(sampleAccount(1))
    expect(store.path).toBe(join(dir, 'accounts.json'))
    expect(Object.keys(accountsIn(join(dir, 'accounts.json')))).toEqual([sampleAccountId(1)])
    expect(existsSync(join(dir, 'metadata.json'))).toBe(false)
  })

  it('refuses a file name that could leave the folder', async () => {
    const error = await rejectionOf(openAt(newStoreDir('metadata-bad-name'), { fileName: '../x' }))
    expect(error.code).toBe('INVALID_ARGUMENT')
  })
})

describe('round trip', () => {
  it('keeps accounts, profiles and settings, on disk and across a re-open', async () => {
    const dir = newStoreDir('metadata-round-trip')
    const { store } = await openAt(dir)
    const account = sampleAccount(1)
    const narrow = sampleAccount(2, {
      method: 'pat',
      workspaces: [],
      workspacesKnown: false,
      status: 'expired',
      lastRefresh: { at: 5, ok: false, code: 'INVALID_TOKEN', message: 'Token revoked.' },
    })
    delete narrow.user
    delete narrow.refreshTokenExpiresAt
    const profile = sampleProfile(1)
    await store.accounts.put(account)
    await store.accounts.put(narrow)
    await store.profiles.put(profile)
    const settings = await store.updateSettings({
      language: 'zh-CN',
      proxyUrl: 'http://proxy:3128',
    })
    expect(settings).toEqual({
      ...defaultSettings,
      language: 'zh-CN',
      proxyUrl: 'http://proxy:3128',
    })

    expect(await store.accounts.get(account.id)).toEqual(account)
    expect(await store.accounts.get(narrow.id)).toEqual(narrow)
    expect(await store.accounts.get('nobody')).toBeUndefined()
    expect(await store.profiles.list()).toEqual([profile])

    const onDisk = onDiskDocument(store.path)
    expect(fullSchema(onDisk), JSON.stringify(fullSchema.errors)).toBe(true)
    expect(onDisk.schemaVersion).toBe(metadataSchemaVersion)
    expect(accountsIn(store.path)[account.id]).toEqual(account)

    const reopened = await openAt(dir)
    expect(reopened.recovery).toEqual({ quarantined: [] })
    expect(await reopened.store.accounts.list()).toEqual([account, narrow])
    expect(await reopened.store.profiles.get(profile.id)).toEqual(profile)
    expect(reopened.store.getSettings()).toEqual(settings)
    // The open compacted the journal: the snapshot alone is now the whole document.
    expect(readJson(store.path).accounts).toEqual({ [account.id]: account, [narrow.id]: narrow })
    expect(journalLines(dir)).toEqual([])
  })

  it('hands out copies: changing a returned or saved object changes nothing stored', async () => {
    const { store } = await openAt(newStoreDir('metadata-copies'))
    const account = sampleAccount(1)
    await store.accounts.put(account)
    account.label = 'changed after put'
    const fetched = await store.accounts.get(account.id)
    if (!fetched) throw new Error('missing')
    fetched.workspaces.pop()
    const [listed] = await store.accounts.list()
    if (!listed) throw new Error('missing')
    listed.status = 'expired'
    store.getSettings().language = 'en'
    expect(await store.accounts.get(account.id)).toEqual(sampleAccount(1))
    expect(store.getSettings()).toEqual(defaultSettings)
  })

  it('lists briefs of the accounts as saved, and as reopened, without sharing them', async () => {
    const dir = newStoreDir('metadata-briefs')
    const { store } = await openAt(dir)
    const failed = sampleAccount(2, { lastRefresh: { at: 7, ok: false, code: 'NETWORK' } })
    await store.accounts.put(sampleAccount(1))
    await store.accounts.put(failed)
    const expected = [briefOf(sampleAccount(1)), briefOf(failed)]
    const briefs = (await store.accounts.listBriefs?.()) ?? []
    expect(briefs).toEqual(expected)
    expect(briefs[0]).not.toHaveProperty('workspaces')
    const [, second] = briefs
    if (second?.lastRefresh) second.lastRefresh.ok = true
    expect(await store.accounts.listBriefs?.()).toEqual(expected)
    await store.close()
    expect(await (await openAt(dir)).store.accounts.listBriefs?.()).toEqual(expected)
  })

  it('saves correctly after a re-open, when the records it read are written again', async () => {
    const dir = newStoreDir('metadata-resave')
    const first = await openAt(dir)
    await Promise.all([1, 2, 3].map((i) => first.store.accounts.put(sampleAccount(i))))
    const second = await openAt(dir)
    await second.store.accounts.put(sampleAccount(2, { label: 'renamed' }))
    const onDisk = accountsIn(second.store.path)
    expect(onDisk).toEqual({
      [sampleAccountId(1)]: sampleAccount(1),
      [sampleAccountId(2)]: sampleAccount(2, { label: 'renamed' }),
      [sampleAccountId(3)]: sampleAccount(3),
    })
    expect(fullSchema(readJson(second.store.path))).toBe(true)
  })

  it('opens a file that a text editor saved with a byte order mark, and writes it without', async () => {
    const dir = newStoreDir('metadata-bom')
    const document = documentWith([sampleAccount(1)])
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'metadata.json'), `\uFEFF${JSON.stringify(document)}`)
    const { store, recovery } = await openAt(dir)
    expect(recovery).toEqual({ quarantined: [] })
    expect(await store.accounts.list()).toEqual([sampleAccount(1)])
    expect(readFileSync(store.path, 'utf8').startsWith('{')).toBe(true)
  })

  it('deletes, and says whether there was anything to delete', async () => {
    const dir = newStoreDir('metadata-delete')
    const { store } = await openAt(dir)
    await store.accounts.put(sampleAccount(1))
    await store.accounts.put(sampleAccount(2))
    await store.profiles.put(sampleProfile(1))
    expect(await store.accounts.delete(sampleAccountId(1))).toBe(true)
    expect(await store.accounts.delete(sampleAccountId(1))).toBe(false)
    expect(await store.profiles.delete('profile-1')).toBe(true)
    expect(await store.profiles.delete('profile-1')).toBe(false)
    const reopened = await openAt(dir)
    expect((await reopened.store.accounts.list()).map((a) => a.id)).toEqual([sampleAccountId(2)])
    expect(await reopened.store.profiles.list()).toEqual([])
  })

  it('keeps ids that are dotted or named like Object properties as plain keys', async () => {
    const dir = newStoreDir('metadata-odd-ids')
    const { store } = await openAt(dir)
    const ids = ['a.b.c', 'constructor', '__proto__', 'toString', 'quote " slash \\ line\n☃ 账号']
    for (const id of ids) await store.accounts.put(sampleAccount(1, { id }))
    expect(await store.accounts.get('hasOwnProperty')).toBeUndefined()
    const reopened = await openAt(dir)
    expect(reopened.recovery.quarantined).toEqual([])
    expect((await reopened.store.accounts.list()).map((a) => a.id).sort()).toEqual([...ids].sort())
    expect((await reopened.store.accounts.get('__proto__'))?.id).toBe('__proto__')
  })
})

describe('the journal', () => {
  it('gets one line per save, holding only what changed; the snapshot is not rewritten', async () => {
    const dir = newStoreDir('metadata-journal-lines')
    const { store } = await openAt(dir)
    const snapshotBefore = readFileSync(store.path, 'utf8')
    for (let i = 0; i < 5; i += 1) await store.accounts.put(sampleAccount(i))
    await store.updateSettings({ keepInTray: false })
    await store.accounts.delete(sampleAccountId(0))
    expect(readFileSync(store.path, 'utf8')).toBe(snapshotBefore)
    const lines = journalLines(dir).map((line) => JSON.parse(line) as { changes: unknown[] })
    expect(lines).toHaveLength(7)
    expect(lines[1]).toEqual({ changes: [{ put: 'accounts', value: sampleAccount(1) }] })
    expect(lines[5]).toEqual({ changes: [{ settings: { ...defaultSettings, keepInTray: false } }] })
    expect(lines[6]).toEqual({ changes: [{ delete: 'accounts', id: sampleAccountId(0) }] })
    expect(statSync(join(dir, 'metadata.journal')).mode & 0o777).toBe(0o600)
  })

  it('commits the saves that arrive during a write together, in the next append', async () => {
    const dir = newStoreDir('metadata-group-commit')
    const counting = countingAppends()
    const { store } = await openAt(dir, { onWriteStep: counting.onWriteStep })
    await store.accounts.put(sampleAccount(0))
    const before = counting.appends()
    // Each put waits for the one before to be queued, so they land while appends are under way.
    const saves: Promise<void>[] = []
    for (let i = 1; i <= 50; i += 1) {
      saves.push(store.accounts.put(sampleAccount(i)))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await Promise.all(saves)
    const appends = counting.appends() - before
    expect(appends).toBeGreaterThan(0)
    expect(appends).toBeLessThan(50)
    const reopened = await openAt(dir)
    expect(await reopened.store.accounts.list()).toHaveLength(51)
  })

  it('compacts into a new snapshot once the journal outgrows it, and loses nothing', async () => {
    const dir = newStoreDir('metadata-compaction')
    const { store } = await openAt(dir, { compactAfterBytes: 4096 })
    const generations = new Set<unknown>([readJson(store.path).generation])
    for (let round = 0; round < 30; round += 1) {
      await store.accounts.put(sampleAccount(round % 7, { updatedAt: 1000 + round }))
      generations.add(readJson(store.path).generation)
    }
    // Several compactions happened, and the journal never grew far past the snapshot.
    expect(generations.size).toBeGreaterThan(2)
    const journalBytes = statSync(join(dir, 'metadata.journal')).size
    expect(journalBytes).toBeLessThan(Math.max(4096, statSync(store.path).size) + 8192)
    const expected = Array.from({ length: 7 }, (_, id) => 1000 + id + 7 * Math.floor((29 - id) / 7))
    const reopened = await openAt(dir)
    const stored = await reopened.store.accounts.list()
    expect(stored.map((account) => account.updatedAt).sort()).toEqual(expected.sort())
  })

  it('ignores a journal of another generation, and a cut-off last line', async () => {
    const dir = newStoreDir('metadata-journal-ignored')
    const { store } = await openAt(dir)
    await store.accounts.put(sampleAccount(1))
    await store.close()
    const journal = join(dir, 'metadata.journal')
    // A line cut off by a crash: never acknowledged, so not applied.
    const cut = JSON.stringify({ changes: [{ put: 'accounts', value: sampleAccount(2) }] })
    writeFileSync(journal, readFileSync(journal, 'utf8') + cut.slice(0, 40), { flag: 'w' })
    const first = await openAt(dir)
    expect(first.recovery).toEqual({ quarantined: [] })
    expect((await first.store.accounts.list()).map((a) => a.id)).toEqual([sampleAccountId(1)])
    await first.store.close()

    // A journal left by the snapshot before this one (a crash between compaction's two writes).
    const stale = `${JSON.stringify({ journal: 1, generation: 'older' })}\n${cut}\n`
    writeFileSync(journal, stale)
    const second = await openAt(dir)
    expect(second.recovery).toEqual({ quarantined: [] })
    expect(await second.store.accounts.list()).toHaveLength(1)
  })

  it('keeps the changes before a damaged line, and moves the journal aside', async () => {
    const dir = newStoreDir('metadata-journal-damaged')
    const { store } = await openAt(dir)
    await store.accounts.put(sampleAccount(1))
    await store.accounts.put(sampleAccount(2))
    await store.close()
    const journal = join(dir, 'metadata.journal')
    const [header, line1, line2] = readFileSync(journal, 'utf8').split('\n')
    writeFileSync(journal, `${header}\n${line1}\n{"changes": [garbage\n${line2}\n`)
    const { store: reopened, recovery } = await openAt(dir)
    expect(recovery.journalMovedAside).toBe(join(dir, `metadata.damaged-${stamp}.journal`))
    expect(recoveryNeeded(recovery)).toBe(true)
    expect((await reopened.accounts.list()).map((a) => a.id)).toEqual([sampleAccountId(1)])
    expect(existsSync(join(dir, `metadata.damaged-${stamp}.journal`))).toBe(true)
  })
})

describe('a refresh, as a patch', () => {
  /** An account the size the issue measured: 53 workspaces, about 6 KB. */
  function wideAccount(index: number): StoredAccount {
    const base = sampleAccount(index)
    return {
      ...base,
      workspaces: Array.from({ length: 53 }, (_, w) => ({
        id: `74000000000000${index}${String(w).padStart(3, '0')}`,
        name: `Team workspace ${w} of account ${index}`,
        iconUrl: `https://example.invalid/space/${w}.png`,
        role: 'member',
        type: 'team',
        enterpriseId: '',
      })),
    }
  }
  const patch = {
    status: 'active' as const,
    accessTokenExpiresAt: 1_900_000_000_000,
    refreshTokenExpiresAt: 1_950_000_000_000,
    tokenHint: 'pat_…wxyz',
    lastRefresh: { at: 1_800_000_000_000, ok: true, logId: 'log-1' },
    updatedAt: 1_800_000_000_000,
  }

  it('journals only its fields, and reads back as the record with them, before and after a re-open', async () => {
    const dir = newStoreDir('metadata-patch')
    const { store } = await openAt(dir)
    const account = wideAccount(1)
    await store.accounts.put(account)
    const putLine = journalLines(dir).at(-1) ?? ''
    expect(await store.accounts.update?.(account.id, patch)).toBe(true)
    const patchLine = journalLines(dir).at(-1) ?? ''
    expect(JSON.parse(patchLine)).toEqual({
      changes: [{ patch: 'accounts', id: account.id, fields: patch }],
    })
    // The workspaces are not written again: the line is a small fraction of the record's.
    expect(putLine.length).toBeGreaterThan(6000)
    expect(patchLine.length).toBeLessThan(400)

    const expected = { ...account, ...patch }
    expect(await store.accounts.get(account.id)).toEqual(expected)
    expect(await store.accounts.list()).toEqual([expected])
    expect(await store.accounts.listBriefs?.()).toEqual([briefOf(expected)])
    // A second patch over the first: both count, the later one wins.
    const later = { ...patch, status: 'needs-sign-in' as const, updatedAt: patch.updatedAt + 1 }
    delete (later as { refreshTokenExpiresAt?: number }).refreshTokenExpiresAt
    await store.accounts.update?.(account.id, later)
    const twice = { ...expected, ...later }
    expect(await store.accounts.get(account.id)).toEqual(twice)
    await store.close()

    const reopened = await openAt(dir)
    expect(await reopened.store.accounts.get(account.id)).toEqual(twice)
    expect(await reopened.store.accounts.listBriefs?.()).toEqual([briefOf(twice)])
    // The open compacted the journal: the snapshot holds the merged record, the journal nothing.
    expect(accountsIn(reopened.store.path)[account.id]).toEqual(twice)
    expect(journalLines(dir)).toEqual([])
  })

  it('merges into the snapshot at compaction, and keeps the order of the fields', async () => {
    const dir = newStoreDir('metadata-patch-compaction')
    const { store } = await openAt(dir, { compactAfterBytes: 2048 })
    const account = wideAccount(2)
    await store.accounts.put(account)
    const generation = readJson(store.path).generation
    for (let round = 0; round < 40; round += 1) {
      await store.accounts.update?.(account.id, { ...patch, updatedAt: patch.updatedAt + round })
    }
    expect(readJson(store.path).generation).not.toBe(generation)
    const expected = { ...account, ...patch, updatedAt: patch.updatedAt + 39 }
    expect(Object.keys(accountsIn(store.path)[account.id] ?? {})).toEqual(Object.keys(expected))
    const reopened = await openAt(dir)
    expect(await reopened.store.accounts.get(account.id)).toEqual(expected)
  })

  it('is the whole record in the journal when the account was put in the same save', async () => {
    const dir = newStoreDir('metadata-patch-same-save')
    const { store } = await openAt(dir)
    const account = wideAccount(3)
    await store.accounts.put(sampleAccount(0))
    // Queued in one turn: saved together, in one append.
    await Promise.all([store.accounts.put(account), store.accounts.update?.(account.id, patch)])
    const changes = (JSON.parse(journalLines(dir).at(-1) ?? '{}') as { changes: unknown[] }).changes
    expect(changes).toEqual([{ put: 'accounts', value: { ...account, ...patch } }])
    const reopened = await openAt(dir)
    expect(await reopened.store.accounts.get(account.id)).toEqual({ ...account, ...patch })
  })

  it('of an account that is not there changes nothing and says so', async () => {
    const dir = newStoreDir('metadata-patch-missing')
    const { store } = await openAt(dir)
    const before = journalLines(dir)
    expect(await store.accounts.update?.(sampleAccountId(9), patch)).toBe(false)
    expect(journalLines(dir)).toEqual(before)
    expect(await store.accounts.list()).toEqual([])
  })

  it('refuses a field a refresh does not change, a bad value and a secret, storing nothing', async () => {
    const dir = newStoreDir('metadata-patch-refused')
    const { store } = await openAt(dir)
    const account = wideAccount(4)
    await store.accounts.put(account)
    const before = journalLines(dir)
    const refusals = [
      { ...patch, label: 'Renamed' },
      { ...patch, status: 'sleeping' },
      { ...patch, updatedAt: Number.NaN },
      { ...patch, tokenHint: 'pat_' + 'A'.repeat(60) },
    ]
    for (const refused of refusals) {
      const error = await rejectionOf(
        store.accounts.update?.(account.id, refused as typeof patch) ?? Promise.resolve(),
      )
      expect(error).toBeInstanceOf(AppError)
      expect(error.message).not.toContain('A'.repeat(20))
    }
    expect(journalLines(dir)).toEqual(before)
    expect(await store.accounts.get(account.id)).toEqual(account)
  })
})

describe('peeking at the settings', () => {
  it('reads them from the snapshot and its journal, and writes nothing', async () => {
    const dir = newStoreDir('metadata-peek')
    expect(await peekStoredSettings(dir)).toEqual(defaultSettings)
    const { store } = await openAt(dir)
    await store.updateSettings({ secretStorage: 'keychain', language: 'zh-CN' })
    await store.close()
    const files = (): Record<string, string> =>
      Object.fromEntries(
        readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
      )
    const before = files()
    expect(await peekStoredSettings(dir)).toMatchObject({
      secretStorage: 'keychain',
      language: 'zh-CN',
    })
    expect(files()).toEqual(before)
  })
})

describe('saving', () => {
  it('loses no update when many puts race', async () => {
    const dir = newStoreDir('metadata-race')
    const counting = countingAppends()
    const { store } = await openAt(dir, { onWriteStep: counting.onWriteStep })
    await store.accounts.put(sampleAccount(0))
    const before = counting.appends()
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => store.accounts.put(sampleAccount(i + 1))),
      store.profiles.put(sampleProfile(1)),
      store.updateSettings({ clipboardClearSeconds: 10 }),
      store.updateSettings({ launchAtLogin: true }),
      store.accounts.delete(sampleAccountId(0)),
    ])
    // Puts made in one turn share one write.
    expect(counting.appends() - before).toBe(1)
    const reopened = await openAt(dir)
    const ids = (await reopened.store.accounts.list()).map((a) => a.id).sort()
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => sampleAccountId(i + 1)).sort())
    expect(await reopened.store.profiles.list()).toHaveLength(1)
    expect(reopened.store.getSettings()).toMatchObject({
      clipboardClearSeconds: 10,
      launchAtLogin: true,
    })
  })

  it('loses no update when puts interleave with awaits', async () => {
    const dir = newStoreDir('metadata-interleave')
    const { store } = await openAt(dir)
    const writer = async (first: number): Promise<void> => {
      for (let i = first; i < first + 20; i += 1) {
        await store.accounts.put(sampleAccount(i))
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    await Promise.all([writer(0), writer(100), writer(200)])
    expect(await (await openAt(dir)).store.accounts.list()).toHaveLength(60)
  })

  it('keeps the last of two puts of one account made in the same turn', async () => {
    const dir = newStoreDir('metadata-same-id')
    const { store } = await openAt(dir)
    await Promise.all([
      store.accounts.put(sampleAccount(1, { label: 'first' })),
      store.accounts.put(sampleAccount(1, { label: 'second' })),
    ])
    expect((await (await openAt(dir)).store.accounts.get(sampleAccountId(1)))?.label).toBe('second')
  })

  it.each([
    ['an unknown status', { status: 'sleeping' }],
    ['no workspaces', { workspaces: undefined }],
    ['a numeric id', { id: 7 }],
    ['an unknown field', { nickname: 'x' }],
    ['a bad API address', { apiBase: 'ftp://api.coze.com' }],
    ['an expiry that is not a number', { accessTokenExpiresAt: Number.NaN }],
    ['an expiry that is infinite', { refreshTokenExpiresAt: Number.POSITIVE_INFINITY }],
  ])('refuses an account with %s, and writes nothing', async (_, change) => {
    const dir = newStoreDir('metadata-invalid-account')
    const { store } = await openAt(dir)
    await store.accounts.put(sampleAccount(1))
    const before = [readFileSync(store.path, 'utf8'), journalLines(dir)]
    const invalid = { ...sampleAccount(2), ...change } as unknown as StoredAccount
    const error = await rejectionOf(store.accounts.put(invalid))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect([readFileSync(store.path, 'utf8'), journalLines(dir)]).toEqual(before)
    expect(await store.accounts.list()).toHaveLength(1)
  })

  it('refuses what is not a record at all', async () => {
    const { store } = await openAt(newStoreDir('metadata-not-a-record'))
    for (const value of [null, undefined, 'text', 5, [sampleAccount(1)]]) {
      expect((await rejectionOf(store.accounts.put(value as never))).code).toBe('INVALID_ARGUMENT')
    }
  })

  it.each(['begin', 'appended'] as const)(
    'keeps memory and file in step when a write fails (at %s)',
    async (step) => {
      const dir = newStoreDir('metadata-write-fails')
      const failing = failingAppend(step)
      const { store } = await openAt(dir, { onWriteStep: failing.onWriteStep })
      await store.accounts.put(sampleAccount(1))
      failing.failNext()
      const error = await rejectionOf(store.accounts.put(sampleAccount(1, { label: 'lost' })))
      expect(error.code).toBe('STORE_FAILED')
      expect(error.message).toContain('ENOSPC')
      expect((await store.accounts.get(sampleAccountId(1)))?.label).toBe(sampleAccount(1).label)
      // What the failed append had written is gone from the disk too.
      expect(accountsIn(store.path)[sampleAccountId(1)]?.label).toBe(sampleAccount(1).label)
      await store.accounts.put(sampleAccount(2))
      const onDisk = accountsIn(store.path)
      expect(Object.keys(onDisk).sort()).toEqual([sampleAccountId(1), sampleAccountId(2)])
      expect(onDisk[sampleAccountId(1)]?.label).toBe(sampleAccount(1).label)
    },
  )

  it('fails only the bad change of a batch', async () => {
    const { store } = await openAt(newStoreDir('metadata-batch'))
    const [good, bad] = await Promise.allSettled([
      store.accounts.put(sampleAccount(1)),
      store.updateSettings({ clipboardClearSeconds: -1 }),
    ])
    expect(good.status).toBe('fulfilled')
    expect(bad.status).toBe('rejected')
    expect(await store.accounts.list()).toHaveLength(1)
    expect(store.getSettings().clipboardClearSeconds).toBe(30)
  })
})

describe('settings', () => {
  it('merges a patch, and removes the proxy with null', async () => {
    const dir = newStoreDir('metadata-settings')
    const { store } = await openAt(dir)
    await store.updateSettings({ proxyUrl: 'https://proxy.example:8443', defaultRegion: 'cn' })
    await store.updateSettings({ keepInTray: false, defaultRegion: undefined })
    expect(store.getSettings()).toEqual({
      ...defaultSettings,
      proxyUrl: 'https://proxy.example:8443',
      defaultRegion: 'cn',
      keepInTray: false,
    })
    await store.updateSettings({ proxyUrl: null })
    const reopened = (await openAt(dir)).store.getSettings()
    expect(reopened).toEqual({ ...defaultSettings, defaultRegion: 'cn', keepInTray: false })
    expect('proxyUrl' in reopened).toBe(false)
  })

  it.each([
    ['a negative clipboard time', { clipboardClearSeconds: -1 }],
    ['a fractional clipboard time', { clipboardClearSeconds: 1.5 }],
    ['an unknown language', { language: 'fr' }],
    ['an unknown storage', { secretStorage: 'file' }],
    ['a proxy that is not http', { proxyUrl: 'socks5://proxy:1080' }],
    ['an unknown setting', { theme: 'dark' }],
  ])('refuses %s and keeps the settings', async (_, patch) => {
    const { store } = await openAt(newStoreDir('metadata-settings-invalid'))
    const error = await rejectionOf(store.updateSettings(patch as never))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(store.getSettings()).toEqual(defaultSettings)
  })
})

describe('migrations', () => {
  const version1 = {
    schemaVersion: 1,
    accounts: {
      a1: (() => {
        const {
          accessTokenExpiresAt,
          workspacesKnown: _known,
          ...rest
        } = sampleAccount(1, {
          id: 'a1',
        })
        return { ...rest, expiresAt: accessTokenExpiresAt }
      })(),
      a2: (() => {
        const { workspacesKnown: _known, ...rest } = sampleAccount(2, { id: 'a2', workspaces: [] })
        return rest
      })(),
    },
    profiles: { 'profile-1': sampleProfile(1) },
    settings: { ...defaultSettings, clipboardClearSeconds: undefined, clipboardClearMs: 45_000 },
  }

  it('run in order from version 1 to the current version', () => {
    expect(metadataMigrations[0]?.from).toBe(1)
    metadataMigrations.forEach((step, index) => {
      expect(step.to).toBe(step.from + 1)
      if (index > 0) expect(step.from).toBe(metadataMigrations[index - 1]?.to)
    })
    expect(metadataMigrations.at(-1)?.to).toBe(metadataSchemaVersion)
  })

  it('turn a version 1 document into the current one', () => {
    const migrated = migrateMetadataDocument(JSON.parse(JSON.stringify(version1)))
    expect(migrated.schemaVersion).toBe(metadataSchemaVersion)
    const accounts = migrated.accounts as Record<string, StoredAccount & { expiresAt?: number }>
    expect(accounts.a1).toEqual(sampleAccount(1, { id: 'a1' }))
    expect(accounts.a1?.expiresAt).toBeUndefined()
    expect(accounts.a2?.workspacesKnown).toBe(false)
    expect(migrated.settings).toEqual({ ...defaultSettings, clipboardClearSeconds: 45 })
    expect(fullSchema(migrated), JSON.stringify(fullSchema.errors)).toBe(true)
  })

  it('leave a current document as it is', () => {
    const current = documentWith([sampleAccount(1)])
    expect(migrateMetadataDocument(current)).toEqual(current)
  })

  it('open a version 2 file that the previous release wrote through conf, losing nothing', async () => {
    // Written by the release before the journal (0.1.0, conf as the writer), from these samples.
    const fixture = readFileSync(
      join(import.meta.dirname, 'fixtures', 'metadata-v2-written-by-0.1.0.json'),
      'utf8',
    )
    const dir = newStoreDir('metadata-v2-release')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'metadata.json'), fixture)
    const { store, recovery } = await openAt(dir)
    expect(recovery).toEqual({ quarantined: [], migratedFrom: 2 })
    expect(recoveryNeeded(recovery)).toBe(false)
    const accounts = await store.accounts.list()
    expect(accounts.map((account) => account.id).sort()).toEqual(
      [1, 2, 3].map((n) => sampleAccountId(n)),
    )
    expect(await store.accounts.get(sampleAccountId(1))).toEqual(sampleAccount(1))
    expect((await store.accounts.get(sampleAccountId(3)))?.label).toBe('服务应用 · 中文')
    expect(await store.profiles.list()).toEqual([sampleProfile(1)])
    expect(store.getSettings()).toEqual({
      ...defaultSettings,
      language: 'zh-CN',
      proxyUrl: 'http://proxy:3128',
      clipboardClearSeconds: 45,
    })
    // The snapshot is now of this version, without conf's key; the backup is the old file.
    const snapshot = readJson(store.path)
    expect(snapshot.schemaVersion).toBe(metadataSchemaVersion)
    expect(snapshot).not.toHaveProperty('__internal__')
    expect(readFileSync(join(dir, 'metadata.backup.json'), 'utf8')).toBe(fixture)
    await store.accounts.put(sampleAccount(4))
    await store.close()
    expect((await (await openAt(dir)).store.accounts.list()).length).toBe(4)
  })

  it('upgrade a version 1 file, save it, and keep the old file as the backup', async () => {
    const dir = newStoreDir('metadata-migrate')
    writeDocument(dir, version1)
    const original = readFileSync(join(dir, 'metadata.json'), 'utf8')
    const { store, recovery } = await openAt(dir)
    expect(recovery).toEqual({ quarantined: [], migratedFrom: 1 })
    expect(recoveryNeeded(recovery)).toBe(false)
    expect(await store.accounts.get('a1')).toEqual(sampleAccount(1, { id: 'a1' }))
    expect(store.getSettings().clipboardClearSeconds).toBe(45)

    const onDisk = readJson(store.path)
    expect(onDisk.schemaVersion).toBe(metadataSchemaVersion)
    expect(fullSchema(onDisk), JSON.stringify(fullSchema.errors)).toBe(true)
    expect(JSON.stringify(onDisk)).not.toContain('expiresAt"')
    expect(readFileSync(join(dir, 'metadata.backup.json'), 'utf8')).toBe(original)

    const reopened = await openAt(dir)
    expect(reopened.recovery).toEqual({ quarantined: [] })
    expect(await reopened.store.accounts.list()).toHaveLength(2)
  })

  it('quarantine a version 1 record that is still invalid after the upgrade', async () => {
    const dir = newStoreDir('metadata-migrate-bad')
    writeDocument(dir, {
      ...version1,
      accounts: { ...version1.accounts, a3: { id: 'a3', label: 'half an account' } },
    })
    const { store, recovery } = await openAt(dir)
    expect(recovery.migratedFrom).toBe(1)
    expect(recovery.quarantined).toEqual([
      { kind: 'account', id: 'a3', reason: expect.stringContaining('required') },
    ])
    expect((await store.accounts.list()).map((a) => a.id)).toEqual(['a1', 'a2'])
    expect(readJson(store.path).schemaVersion).toBe(metadataSchemaVersion)
  })
})

describe('a damaged file', () => {
  const valid = JSON.stringify(documentWith([sampleAccount(1), sampleAccount(2)]), undefined, '\t')
  const cases: [string, string, string][] = [
    ['garbage', '\u0000\u0001 this is not JSON \u00ff', 'not-json'],
    ['truncated JSON', valid.slice(0, Math.floor(valid.length / 2)), 'not-json'],
    ['an empty file', '', 'not-json'],
    ['a JSON array', '[1, 2, 3]', 'wrong-shape'],
    [
      'no schema version',
      JSON.stringify({ accounts: {}, profiles: {}, settings: {} }),
      'wrong-shape',
    ],
    [
      'accounts as a list',
      JSON.stringify({ ...documentWith([]), accounts: [sampleAccount(1)] }),
      'wrong-shape',
    ],
    ['an unknown top-level key', JSON.stringify({ ...documentWith([]), extra: 1 }), 'wrong-shape'],
    [
      'no settings',
      JSON.stringify({ schemaVersion: 2, accounts: {}, profiles: {} }),
      'wrong-shape',
    ],
  ]

  it.each(cases)(
    'with %s is moved aside, kept byte for byte, and reported',
    async (_, content, problem) => {
      const dir = newStoreDir('metadata-corrupt')
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'metadata.json'), content)
      const { store, recovery } = await openAt(dir)
      const aside = join(dir, `metadata.corrupt-${stamp}.json`)
      expect(recovery).toMatchObject({ movedAside: aside, problem, quarantined: [] })
      expect(recovery.detail).toEqual(expect.any(String))
      expect(recovery.restoredFromBackup).toBeUndefined()
      expect(recoveryNeeded(recovery)).toBe(true)
      expect(readFileSync(aside, 'utf8')).toBe(content)
      expect(await store.accounts.list()).toEqual([])
      // The app goes on with a usable store.
      await store.accounts.put(sampleAccount(3))
      expect(fullSchema(readJson(store.path))).toBe(true)
      expect((await openAt(dir)).recovery).toEqual({ quarantined: [] })
    },
  )

  it('from a newer version is moved aside as newer, not as corrupt', async () => {
    const dir = newStoreDir('metadata-newer')
    const newer = JSON.stringify({ ...documentWith([sampleAccount(1)]), schemaVersion: 99 })
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'metadata.json'), newer)
    const { store, recovery } = await openAt(dir)
    expect(recovery.movedAside).toBe(join(dir, `metadata.newer-${stamp}.json`))
    expect(recovery.problem).toBe('newer-version')
    expect(recovery.detail).toContain('99')
    expect(readFileSync(join(dir, `metadata.newer-${stamp}.json`), 'utf8')).toBe(newer)
    expect(await store.accounts.list()).toEqual([])
  })

  it('that cannot be read (a folder in its place) is moved aside too', async () => {
    const dir = newStoreDir('metadata-unreadable')
    mkdirSync(join(dir, 'metadata.json'), { recursive: true })
    const { recovery } = await openAt(dir)
    expect(recovery.problem).toBe('unreadable')
    expect(statSync(join(dir, `metadata.corrupt-${stamp}.json`)).isDirectory()).toBe(true)
  })

  it('never overwrites an earlier moved-aside file', async () => {
    const dir = newStoreDir('metadata-twice')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'metadata.json'), 'first')
    await openAt(dir)
    writeFileSync(join(dir, 'metadata.json'), 'second')
    const { recovery } = await openAt(dir)
    expect(recovery.movedAside).toBe(join(dir, `metadata.corrupt-${stamp}-2.json`))
    expect(readFileSync(join(dir, `metadata.corrupt-${stamp}.json`), 'utf8')).toBe('first')
    expect(readFileSync(join(dir, `metadata.corrupt-${stamp}-2.json`), 'utf8')).toBe('second')
  })

  it('is replaced by the last good backup when there is one', async () => {
    const dir = newStoreDir('metadata-backup')
    const first = await openAt(dir)
    await first.store.accounts.put(sampleAccount(1))
    await first.store.accounts.put(sampleAccount(2))
    await first.store.updateSettings({ language: 'en' })
    // The backup is refreshed at each open that needed no repair: this one takes both accounts.
    const second = await openAt(dir)
    expect(existsSync(join(dir, 'metadata.backup.json'))).toBe(true)
    await second.store.accounts.put(sampleAccount(3))
    await second.store.close()
    writeFileSync(join(dir, 'metadata.json'), '{"schemaVersion": 2, "accounts": {"x": ')

    const { store, recovery } = await openAt(dir)
    expect(recovery).toMatchObject({
      movedAside: join(dir, `metadata.corrupt-${stamp}.json`),
      problem: 'not-json',
      restoredFromBackup: true,
      quarantined: [],
    })
    // The backup is of the generation the journal continues, so the save made after that open
    // (account 3) is replayed onto it too.
    expect((await store.accounts.list()).map((a) => a.id)).toEqual([
      sampleAccountId(1),
      sampleAccountId(2),
      sampleAccountId(3),
    ])
    expect(store.getSettings().language).toBe('en')
    expect(Object.keys(accountsIn(store.path))).toHaveLength(3)
    expect((await openAt(dir)).recovery).toEqual({ quarantined: [] })
  })

  it('restored from a backup older than the journal, misses only the changes since then', async () => {
    const dir = newStoreDir('metadata-backup-older')
    const first = await openAt(dir)
    await first.store.accounts.put(sampleAccount(1))
    await first.store.close()
    // Compacting while running (once the journal outgrows the snapshot) starts a journal of a
    // new generation, which the backup is not.
    const second = await openAt(dir, { compactAfterBytes: 1 })
    const generation = readJson(join(dir, 'metadata.json')).generation
    for (let i = 0; i < 10; i += 1)
      await second.store.accounts.put(sampleAccount(2, { updatedAt: i }))
    await second.store.close()
    expect(readJson(join(dir, 'metadata.json')).generation).not.toBe(generation)
    writeFileSync(join(dir, 'metadata.json'), 'garbage')
    const { store, recovery } = await openAt(dir)
    expect(recovery).toMatchObject({ restoredFromBackup: true, problem: 'not-json' })
    expect((await store.accounts.list()).map((a) => a.id)).toEqual([sampleAccountId(1)])
  })

  it('starts empty when the backup is damaged too, and keeps both files', async () => {
    const dir = newStoreDir('metadata-both-bad')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'metadata.json'), 'not json')
    writeFileSync(join(dir, 'metadata.backup.json'), '[]')
    const { store, recovery } = await openAt(dir)
    expect(recovery).toMatchObject({
      movedAside: join(dir, `metadata.corrupt-${stamp}.json`),
      backupMovedAside: join(dir, `metadata.backup.corrupt-${stamp}.json`),
    })
    expect(recovery.restoredFromBackup).toBeUndefined()
    expect(readFileSync(join(dir, `metadata.backup.corrupt-${stamp}.json`), 'utf8')).toBe('[]')
    expect(await store.accounts.list()).toEqual([])
  })

  it('that is missing is restored from the backup', async () => {
    const dir = newStoreDir('metadata-missing')
    const { store } = await openAt(dir)
    await store.accounts.put(sampleAccount(1))
    await openAt(dir)
    // Moved away by hand (or by a sync tool): the backup still knows the account.
    rmSync(join(dir, 'metadata.json'))
    const { store: restored, recovery } = await openAt(dir)
    expect(recovery).toEqual({ quarantined: [], restoredFromBackup: true })
    expect(await restored.accounts.list()).toHaveLength(1)
  })
})

describe('a bad record', () => {
  it('is quarantined, reported and kept, while the good ones load', async () => {
    const dir = newStoreDir('metadata-quarantine')
    const noStatus = sampleAccount(3) as Partial<StoredAccount>
    delete noStatus.status
    writeDocument(
      dir,
      documentWith([sampleAccount(1), sampleAccount(2), noStatus], {
        accounts: {
          [sampleAccountId(1)]: sampleAccount(1),
          [sampleAccountId(2)]: sampleAccount(2),
          [sampleAccountId(3)]: noStatus,
          'wrong-key': sampleAccount(4),
          'not-an-object': 'hello',
        },
      }),
    )
    const { store, recovery } = await openAt(dir)
    expect(recovery.quarantined).toEqual([
      { kind: 'account', id: sampleAccountId(3), reason: expect.stringContaining('status') },
      { kind: 'account', id: 'wrong-key', reason: expect.stringContaining(sampleAccountId(4)) },
      { kind: 'account', id: 'not-an-object', reason: expect.stringContaining('object') },
    ])
    expect(recovery.quarantineFile).toBe(join(dir, 'metadata.quarantine.json'))
    expect(recovery.movedAside).toBeUndefined()
    expect(recoveryNeeded(recovery)).toBe(true)
    expect((await store.accounts.list()).map((a) => a.id)).toEqual([
      sampleAccountId(1),
      sampleAccountId(2),
    ])

    const quarantine = readJson(join(dir, 'metadata.quarantine.json'))
    const entries = quarantine.entries as Record<string, unknown>[]
    expect(entries.map((entry) => entry.id)).toEqual([
      sampleAccountId(3),
      'wrong-key',
      'not-an-object',
    ])
    expect(entries[0]).toMatchObject({
      kind: 'account',
      from: 'metadata.json',
      at: new Date(clockMs).toISOString(),
      value: noStatus,
    })
    expect(entries[1]?.value).toEqual(sampleAccount(4))

    // The live file no longer has them, and the next open has nothing to report.
    expect(Object.keys(accountsIn(store.path))).toEqual([sampleAccountId(1), sampleAccountId(2)])
    const reopened = await openAt(dir)
    expect(reopened.recovery).toEqual({ quarantined: [] })
    expect((readJson(join(dir, 'metadata.quarantine.json')).entries as unknown[]).length).toBe(3)
  })

  it('in profiles or settings is handled the same way; a bad setting falls back to its default', async () => {
    const dir = newStoreDir('metadata-quarantine-profile')
    writeDocument(
      dir,
      documentWith([sampleAccount(1)], {
        profiles: {
          'profile-1': sampleProfile(1),
          'profile-2': sampleProfile(2, { clientType: 'magic' as never }),
        },
        settings: { ...defaultSettings, language: 'fr', keepInTray: false, theme: 'dark' },
      }),
    )
    const { store, recovery } = await openAt(dir)
    expect(recovery.quarantined).toEqual([
      { kind: 'profile', id: 'profile-2', reason: expect.stringContaining('clientType') },
      { kind: 'setting', id: 'language', reason: expect.stringContaining('language') },
      { kind: 'setting', id: 'theme', reason: expect.any(String) },
    ])
    expect(await store.profiles.list()).toEqual([sampleProfile(1)])
    expect(store.getSettings()).toEqual({ ...defaultSettings, keepInTray: false })
    expect(await store.accounts.list()).toHaveLength(1)
  })

  it('is added to an existing quarantine file, which is never emptied', async () => {
    const dir = newStoreDir('metadata-quarantine-append')
    writeDocument(dir, documentWith([], { accounts: { bad1: { id: 'bad1' } } }))
    await openAt(dir)
    writeDocument(dir, documentWith([], { accounts: { bad2: { id: 'bad2' } } }))
    await openAt(dir)
    const entries = readJson(join(dir, 'metadata.quarantine.json')).entries as { id: string }[]
    expect(entries.map((entry) => entry.id)).toEqual(['bad1', 'bad2'])
  })

  it('goes to a new, dated quarantine file when the old one cannot be read', async () => {
    const dir = newStoreDir('metadata-quarantine-damaged')
    writeDocument(dir, documentWith([], { accounts: { bad: { id: 'bad' } } }))
    writeFileSync(join(dir, 'metadata.quarantine.json'), 'damaged')
    const { recovery } = await openAt(dir)
    expect(recovery.quarantineFile).toBe(join(dir, `metadata.quarantine-${stamp}.json`))
    expect(readFileSync(join(dir, 'metadata.quarantine.json'), 'utf8')).toBe('damaged')
    expect(readJson(join(dir, `metadata.quarantine-${stamp}.json`)).entries).toHaveLength(1)
  })

  it('under a key that looks like a secret is reported without the key', async () => {
    const dir = newStoreDir('metadata-quarantine-secret-key')
    const token = `sat_${'K9'.repeat(20)}`
    writeDocument(dir, documentWith([], { accounts: { [token]: sampleAccount(1, { id: token }) } }))
    const lines: string[] = []
    const { recovery } = await openAt(dir, {
      logger: { log: (_level, message, fields) => lines.push(message + JSON.stringify(fields)) },
    })
    expect(recovery.quarantined).toEqual([
      { kind: 'account', id: '[a key that looks like a secret]', reason: 'its key' },
    ])
    expect(JSON.stringify([recovery, lines])).not.toContain(token)
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain(token)
    }
  })

  it('that holds a secret is quarantined without copying the secret anywhere', async () => {
    const dir = newStoreDir('metadata-quarantine-secret')
    const token = `pat_${'Q7'.repeat(20)}`
    const withSecret = { ...sampleAccount(2), accessToken: token }
    const withTokenLabel = sampleAccount(3, { label: token })
    writeDocument(dir, documentWith([sampleAccount(1), withSecret, withTokenLabel]))
    const { store, recovery } = await openAt(dir)
    expect(recovery.quarantined).toEqual([
      {
        kind: 'account',
        id: sampleAccountId(2),
        reason: 'accessToken looks like a secret (by its name)',
      },
      { kind: 'account', id: sampleAccountId(3), reason: 'label looks like a Coze token' },
    ])
    expect(await store.accounts.list()).toHaveLength(1)
    const entries = readJson(join(dir, 'metadata.quarantine.json')).entries as Record<
      string,
      unknown
    >[]
    expect(entries[0]?.secretsLeftOut).toEqual(['accessToken'])
    expect(entries[0]?.value).toEqual(sampleAccount(2))
    expect(entries[1]?.secretsLeftOut).toEqual(['label'])
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain(token)
    }
  })
})

describe('housekeeping', () => {
  it('opens even when the backup cannot be refreshed', async () => {
    const dir = newStoreDir('metadata-backup-blocked')
    writeDocument(dir, documentWith([sampleAccount(1)]))
    mkdirSync(join(dir, 'metadata.backup.json', 'in-the-way'), { recursive: true })
    const lines: string[] = []
    const { store, recovery } = await openAt(dir, {
      logger: { log: (_level, message) => lines.push(message) },
    })
    expect(recovery).toEqual({ quarantined: [] })
    expect(await store.accounts.list()).toHaveLength(1)
    expect(lines).toEqual([expect.stringContaining('backup')])
  })

  it('removes temporary files that a killed write left long ago, and only those', async () => {
    const dir = newStoreDir('metadata-temp')
    mkdirSync(dir, { recursive: true })
    const old = ['metadata.json.tmp-1767225600a1b2c3', 'metadata.backup.json.tmp-1767225600d4e5f6']
    const young = 'metadata.json.tmp-1767225601abcdef'
    const unrelated = ['other.json.tmp-1767225600a1b2c3', 'metadata.json.tmp-notours']
    for (const file of [...old, young, ...unrelated]) writeFileSync(join(dir, file), '{"partial":')
    const longAgo = new Date(Date.now() - 10 * 60_000)
    for (const file of [...old, ...unrelated]) utimesSync(join(dir, file), longAgo, longAgo)
    await openAt(dir)
    const left = readdirSync(dir)
    for (const file of old) expect(left).not.toContain(file)
    for (const file of [young, ...unrelated]) expect(left).toContain(file)
  })

  it('logs what it recovered, without the data', async () => {
    const dir = newStoreDir('metadata-log')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'metadata.json'), 'broken')
    const lines: { level: LogLevel; message: string; fields?: unknown }[] = []
    await openAt(dir, {
      logger: { log: (level, message, fields) => lines.push({ level, message, fields }) },
    })
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ problem: 'not-json' }),
      }),
    ])
    expect(JSON.stringify(lines)).not.toContain('broken')
  })

  it('reports a write error as an AppError', async () => {
    const failing = failingAppend('begin')
    const { store } = await openAt(newStoreDir('metadata-write-error'), {
      onWriteStep: failing.onWriteStep,
    })
    failing.failNext()
    const error = await store.updateSettings({ language: 'en' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AppError)
    expect(store.getSettings().language).toBe('system')
  })
})
