// The short crash test of the secret file vaults (each kill step once per vault); the long one
// is file-vault-crash.stress.test.ts.
import { describeFileVaultCrash } from './crash/file-vault-crash'

describeFileVaultCrash(6)
