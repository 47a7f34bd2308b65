/**
 * The `app://` scheme the window is loaded from, instead of `file://`: a page from `file://` may
 * read any file the user can, and every file is its "origin". Here the page has one origin
 * (`app://renderer`) and gets only the files the core's resolveRendererFile allows, each with
 * the Content-Security-Policy as a header.
 */
import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import {
  appScheme,
  rendererResponseHeaders,
  resolveRendererFile,
} from '../core/security/renderer-files'

/** Must run before the app is ready: Chromium fixes the schemes' privileges at start-up. */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      // standard: an origin and relative URLs like http; secure: a secure context (clipboard
      // writes need one); nothing that bypasses the CSP or opens the scheme to other pages.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Answers `app://renderer/…` from `rendererDir` (inside the asar when packaged). */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405 })
    }
    const resolution = resolveRendererFile(rendererDir, request.url)
    if (!resolution.ok) return new Response(null, { status: resolution.status })
    const body = await readFile(resolution.file).catch(() => undefined)
    if (!body) return new Response(null, { status: 404 })
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: rendererResponseHeaders(resolution.contentType),
    })
  })
}
