/**
 * The Coze console's page where a person makes a personal access token, one per region. The
 * window links to it on the "token from the console" path, and main lets exactly these pages
 * (and no other page of coze.com or coze.cn) be opened in the system browser.
 */
export const consoleTokenPages = {
  com: 'https://www.coze.com/open/oauth/pats',
  cn: 'https://www.coze.cn/open/oauth/pats',
} as const satisfies Record<'com' | 'cn', string>
