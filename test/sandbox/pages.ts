import { escapeHtml } from './http-util'
import type { UserRecord } from './registry'

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5fb; color: #1c1f23; margin: 0; }
  main { max-width: 32rem; margin: 4rem auto; background: #fff; border-radius: 12px;
    padding: 2rem; box-shadow: 0 2px 12px rgba(0, 0, 0, 0.08); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  .site { color: #4d53e8; font-weight: 600; }
  .muted { color: #6b6f76; font-size: 0.9rem; word-break: break-all; }
  label { display: block; margin: 1rem 0 0.3rem; font-weight: 600; }
  select, input { font-size: 1rem; padding: 0.4rem; width: 100%; box-sizing: border-box; }
  .buttons { display: flex; gap: 1rem; margin-top: 1.5rem; }
  button { flex: 1; font-size: 1rem; padding: 0.6rem; border-radius: 8px; cursor: pointer; }
  #approve { background: #4d53e8; color: #fff; border: none; }
  #deny { background: #fff; color: #1c1f23; border: 1px solid #c6cad1; }
  .error { color: #b42318; }
`

function layout(title: string, site: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="site">Coze sandbox · ${escapeHtml(site)}</p>
${body}
</main>
</body>
</html>
`
}

function userSelect(users: UserRecord[], selected: string | null): string {
  const options = users
    .map((user) => {
      const mark = user.userId === selected ? ' selected' : ''
      const label = `${user.nickName} (@${user.userName}, ${user.userId})`
      return `<option value="${escapeHtml(user.userId)}"${mark}>${escapeHtml(label)}</option>`
    })
    .join('')
  return `<label for="user">Signed in as</label>
<select id="user" name="user_id" data-testid="user">${options}</select>`
}

const DECISION_BUTTONS = `<div class="buttons">
<button type="submit" id="approve" data-testid="approve" name="decision" value="approve">Approve</button>
<button type="submit" id="deny" data-testid="deny" name="decision" value="deny">Deny</button>
</div>`

export interface ConsentPageInput {
  site: string
  appName: string
  clientId: string
  redirectUri: string
  workspaceName: string | null
  authorizeKey: string
  users: UserRecord[]
}

export function consentPage(input: ConsentPageInput): string {
  const scope = input.workspaceName
    ? `<p id="workspace" data-testid="workspace">Limited to workspace <strong>${escapeHtml(
        input.workspaceName,
      )}</strong>.</p>`
    : '<p>It will be able to use all of your workspaces.</p>'
  const body = `<h1>Authorize <span id="app-name" data-testid="app-name">${escapeHtml(
    input.appName,
  )}</span></h1>
<p>This app wants to access your Coze account.</p>
${scope}
<form method="post" action="/oauth/consent" id="consent-form">
<input type="hidden" name="authorize_key" value="${escapeHtml(input.authorizeKey)}">
${userSelect(input.users, input.users[0]?.userId ?? null)}
${DECISION_BUTTONS}
</form>
<p class="muted">Client ID ${escapeHtml(input.clientId)}<br>
Returns to ${escapeHtml(input.redirectUri)}</p>`
  return layout(`Authorize ${input.appName}`, input.site, body)
}

export interface DevicePageInput {
  site: string
  userCode: string
  appName: string | null
  users: UserRecord[]
  error: string | null
}

export function deviceActivationPage(input: DevicePageInput): string {
  const app = input.appName
    ? `<p id="app-name" data-testid="app-name">${escapeHtml(input.appName)} is asking for access.</p>`
    : ''
  const error = input.error
    ? `<p class="error" id="error" data-testid="error">${escapeHtml(input.error)}</p>`
    : ''
  const body = `<h1>Connect a device</h1>
<p>Enter the code shown on your device.</p>
${error}
${app}
<form method="post" action="/oauth/device-activation" id="device-form">
<label for="user-code">Code</label>
<input id="user-code" data-testid="user-code" name="user_code" autocomplete="off"
  placeholder="ABCD-EFGH" value="${escapeHtml(input.userCode)}">
${userSelect(input.users, input.users[0]?.userId ?? null)}
${DECISION_BUTTONS}
</form>`
  return layout('Connect a device', input.site, body)
}

export function deviceResultPage(site: string, approved: boolean, appName: string): string {
  const outcome = approved ? 'approved' : 'denied'
  const text = approved
    ? `${appName} is now connected. You can return to your device.`
    : `You denied ${appName}. The device will not get access.`
  const body = `<h1 id="result" data-testid="result" data-result="${outcome}">Device ${outcome}</h1>
<p>${escapeHtml(text)}</p>`
  return layout(`Device ${outcome}`, site, body)
}

export function errorPage(site: string, code: string, message: string): string {
  const body = `<h1>Something went wrong</h1>
<p class="error">
  <code id="error-code" data-testid="error-code">${escapeHtml(code)}</code>:
  <span id="error-message" data-testid="error-message">${escapeHtml(message)}</span>
</p>`
  return layout('Authorization error', site, body)
}

export function indexPage(
  site: string,
  apiBase: string,
  apps: { type: string; name: string; clientId: string }[],
): string {
  const rows = apps
    .map(
      (app) =>
        `<li><strong>${escapeHtml(app.type)}</strong>: ${escapeHtml(app.name)}<br><span class="muted">${escapeHtml(
          app.clientId,
        )}</span></li>`,
    )
    .join('')
  const body = `<h1>Local Coze-compatible auth server</h1>
<p class="muted">API base ${escapeHtml(apiBase)}</p>
<ul>${rows}</ul>
<p><a href="/oauth/device-activation">Device activation</a></p>`
  return layout('Coze sandbox', site, body)
}

/** The stand-in for avatars and workspace icons, so that no page ever loads a remote image. */
export function placeholderSvg(label: string): string {
  const letter = escapeHtml(label.slice(0, 1).toUpperCase() || '?')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#4d53e8"/>
<text x="32" y="42" font-size="30" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text>
</svg>
`
}
