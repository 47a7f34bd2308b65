// The short crash test of the secret file vaults; the long one is file-vault-crash.stress.test.ts.
import { describeFileVaultCrash } from './crash/file-vault-crash'

describeFileVaultCrash(8)
