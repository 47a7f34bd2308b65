/** Texts of the settings screen. English is the reference; keys start with a prefix unique to the screen. */
export const enSettings = {} as const

export const zhSettings: Record<keyof typeof enSettings, string> = {}
