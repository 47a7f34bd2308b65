/** Texts of the add-account screen. English is the reference; keys start with a prefix unique to the screen. */
export const enAddAccount = {} as const

export const zhAddAccount: Record<keyof typeof enAddAccount, string> = {}
