/** The browser host's HTTP bridge: the paths and the header both sides agree on. */
export const bridgeSecretHeader = 'x-bridge-secret'
export const bridgeCallPath = '/__bridge/call'
export const bridgeEventsPath = '/__bridge/events'
/** The URL fragment key that hands the per-run secret to the page. */
export const bridgeFragmentKey = 'bridge'
