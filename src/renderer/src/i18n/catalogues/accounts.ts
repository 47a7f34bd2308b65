/** Texts of the accounts screen. English is the reference; keys start with a prefix unique to the screen. */
export const enAccounts = {} as const

export const zhAccounts: Record<keyof typeof enAccounts, string> = {}
