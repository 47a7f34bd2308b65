import { exitCodes } from './exit-codes'

export const commandNames = [
  'list',
  'token',
  'run',
  'login',
  'refresh',
  'remove',
  'use',
  'status',
  'completion',
  'help',
] as const

export type CommandName = (typeof commandNames)[number]

const exitCodeText = `Exit codes:
  ${exitCodes.ok}    success
  ${exitCodes.failed}    failure not listed below
  ${exitCodes.usage}    wrong command line (unknown option, missing argument, a token on the command line)
  ${exitCodes.needsSignIn}    the account needs a new sign-in (its refresh token died, or it cannot be renewed)
  ${exitCodes.unknownAccount}    no account matches
  ${exitCodes.ambiguousAccount}    more than one account matches (the candidates are listed)
  ${exitCodes.keychain}    the keychain is locked, missing or refused access
  ${exitCodes.desktopOnlySecrets}    the secrets are in the desktop app's safeStorage: start the app, or choose the keychain in Settings
  ${exitCodes.network}    Coze (or the demo's stand-in) could not be reached or answered with an error
  ${exitCodes.refused}    refused: not approved in the app, or Coze refused the credentials
  ${exitCodes.busy}    the data folder is in use by another process that does not answer
  ${exitCodes.badInput}    something given was refused (a missing key file, a token that is not one)
  ${exitCodes.unsafeSocket}   the app's socket belongs to another user or is open to others: not used
  ${exitCodes.interrupted}  interrupted (Ctrl+C)`

const common = `Options for every command:
  --demo             use the local stand-in of "npm run demo" instead of Coze (or COZE_AUTH_DEMO=1)
  --data-dir DIR     the app's data folder (or COZE_AUTH_DATA_DIR); default: the running app's
  --no-color         no colour (also when NO_COLOR is set or the output is not a terminal)
  -h, --help         this help`

const accountText = `ACCOUNT is a name, an id or the start of one, or user@region (alice@com). Without one:
COZE_AUTH_ACCOUNT, then the default chosen with "coze-auth use".`

const texts: Record<CommandName | 'main', string> = {
  main: `coze-auth: the accounts of Coze Auth Companion on the command line.

Usage: coze-auth COMMAND [OPTIONS]

Commands:
  list                 the accounts, with region, method, user, status and expiry
  token [ACCOUNT]      print a fresh access token (only the token goes to stdout)
  run -- CMD ARGS...   run CMD with COZE_API_TOKEN (and COZE_API_BASE) in its environment
  login                sign in: --browser, --device, --jwt KEYFILE --kid ID, or --pat (from stdin)
  refresh [ACCOUNT]    refresh one account, or --all
  remove ACCOUNT       remove an account and its tokens
  use ACCOUNT          choose the default account for token and run
  status               where secrets are kept, and whether the app is running
  completion SHELL     shell completion for bash, zsh or fish

When the app runs, coze-auth asks it over a private socket in its data folder; otherwise it opens
the same stores itself. Messages go to stderr, in the system's language.

${common}

${exitCodeText}

"coze-auth COMMAND --help" describes each command.`,
  list: `Usage: coze-auth list [--json]

The accounts, with region, sign-in method, user, status and when the access token expires. The
default account is marked with *.

  --json   one JSON array on stdout

${common}`,
  token: `Usage: coze-auth token [ACCOUNT] [--format raw|export|header|curl|env] [--min-valid 5m] [--json]

Prints an access token that stays valid at least --min-valid (default 5m; s, m or h), refreshing
it first, or minting a new one for a service (JWT) app, when needed. Only the token goes to stdout.

  --format FORMAT   raw (default), export (a shell line), header, curl, env (.env lines)
  --min-valid D     how long the token must still last: 90s, 5m, 1h
  --json            {"token", "expiresAt", "apiBase", "account"} on stdout

${accountText}

${common}

${exitCodeText}`,
  run: `Usage: coze-auth run [--account ACCOUNT] [--min-valid 5m] -- CMD [ARGS...]

Runs CMD with COZE_API_TOKEN in its environment, and COZE_API_BASE when the account's API is not
https://api.coze.com. The token is never put on a command line. Signals reach CMD, and its exit
code (or signal) becomes coze-auth's.

${accountText}

${common}

${exitCodeText}`,
  login: `Usage: coze-auth login --browser | --device | --jwt KEYFILE --kid ID | --pat
                      [--region com|cn] [--app NAME] [--client-id ID] [--redirect-uri URI] [--label NAME]

  --browser          OAuth in your browser (PKCE or web app), through the app's loopback server
  --device           a code to enter on any device: the code, the address and a QR code, then waits
  --jwt KEYFILE      a service app: its private key file (PEM) and --kid, its public key id
  --pat              a personal or service access token read from stdin, never from the arguments
  --region com|cn    coze.com or coze.cn (default: the app's default region)
  --app NAME         the app profile to use (as named in the app)
  --client-id ID     an app not in the app yet: its client id (added as a profile)
  --redirect-uri URI with --client-id for --browser: the redirect URI registered for the app
  --label NAME       a name for a pasted token's account

${common}

${exitCodeText}`,
  refresh: `Usage: coze-auth refresh [ACCOUNT | --all] [--json]

Refreshes the account's token now (OAuth accounts with a refresh token; JWT accounts mint a new
one).

${accountText}

${common}

${exitCodeText}`,
  remove: `Usage: coze-auth remove ACCOUNT [--json]

Removes the account and its tokens from this computer. Coze has no revoke endpoint: revoke a
shared token on the Coze console.

${common}`,
  use: `Usage: coze-auth use ACCOUNT

Makes ACCOUNT the default for "coze-auth token" and "coze-auth run" (COZE_AUTH_ACCOUNT and an
account named on the command line still come first).

${common}`,
  status: `Usage: coze-auth status [--json]

Whether the app is running (coze-auth then talks to it), where secrets are kept, the number of
accounts and the default account.

${common}`,
  completion: `Usage: coze-auth completion bash|zsh|fish

Prints a completion script. For example:
  bash:  source <(coze-auth completion bash)
  zsh:   coze-auth completion zsh > "\${fpath[1]}/_coze-auth"
  fish:  coze-auth completion fish > ~/.config/fish/completions/coze-auth.fish`,
  help: `Usage: coze-auth help [COMMAND]`,
}

export function helpText(command?: CommandName): string {
  return texts[command ?? 'main']
}

const optionsOf: Record<CommandName, string[]> = {
  list: ['--json'],
  token: ['--format', '--min-valid', '--json'],
  run: ['--account', '--min-valid'],
  login: [
    '--browser',
    '--device',
    '--jwt',
    '--kid',
    '--pat',
    '--region',
    '--app',
    '--client-id',
    '--redirect-uri',
    '--label',
    '--json',
  ],
  refresh: ['--all', '--json'],
  remove: ['--json'],
  use: [],
  status: ['--json'],
  completion: [],
  help: [],
}

const globalOptions = ['--demo', '--data-dir', '--no-color', '--help']

/** A completion script; account names come from `coze-auth list --names` as they are now. */
export function completionScript(shell: string): string | undefined {
  const commands = commandNames.join(' ')
  const cases = (wrap: (command: string, options: string) => string): string =>
    commandNames
      .map((command) => wrap(command, [...optionsOf[command], ...globalOptions].join(' ')))
      .join('\n')
  switch (shell) {
    case 'bash':
      return `# coze-auth completion for bash
_coze_auth() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" command="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands}" -- "$cur")); return
  fi
  case "$command" in
${cases((command, options) => `    ${command}) local options="${options}";;`)}
  esac
  case "$cur" in
    -*) COMPREPLY=($(compgen -W "$options" -- "$cur"));;
    *) case "$command" in
         token|refresh|remove|use) COMPREPLY=($(compgen -W "$(coze-auth list --names 2>/dev/null)" -- "$cur"));;
         completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"));;
         help) COMPREPLY=($(compgen -W "${commands}" -- "$cur"));;
       esac;;
  esac
}
complete -F _coze_auth coze-auth
`
    case 'zsh':
      return `#compdef coze-auth
# coze-auth completion for zsh
_coze_auth() {
  if (( CURRENT == 2 )); then
    compadd -- ${commands}; return
  fi
  local -a options
  case "$words[2]" in
${cases((command, options) => `    ${command}) options=(${options});;`)}
  esac
  if [[ "$PREFIX" == -* ]]; then
    compadd -- $options
  else
    case "$words[2]" in
      token|refresh|remove|use) compadd -- \${(f)"$(coze-auth list --names 2>/dev/null)"};;
      completion) compadd -- bash zsh fish;;
      help) compadd -- ${commands};;
    esac
  fi
}
compdef _coze_auth coze-auth
`
    case 'fish':
      return `# coze-auth completion for fish
complete -c coze-auth -f
complete -c coze-auth -n __fish_use_subcommand -a "${commands}"
${commandNames
  .flatMap((command) =>
    [...optionsOf[command], ...globalOptions].map(
      (option) =>
        `complete -c coze-auth -n "__fish_seen_subcommand_from ${command}" -l ${option.slice(2)}`,
    ),
  )
  .join('\n')}
complete -c coze-auth -n "__fish_seen_subcommand_from token refresh remove use" -a "(coze-auth list --names 2>/dev/null)"
complete -c coze-auth -n "__fish_seen_subcommand_from completion" -a "bash zsh fish"
`
    default:
      return undefined
  }
}
