import { GLOBAL_OPTIONS, OPTIONS, type Command } from '../command.js';
import { usageError } from '../errors.js';

const SHELLS = ['bash', 'zsh'] as const;

/**
 * A bash completion script generated from the command list: the first words
 * complete to commands (`workflow` to its subcommands), later ones to the
 * command's flags; anything else falls back to file names (`-o default`).
 * zsh runs the same function through its bash compatibility layer.
 */
export function bashCompletion(commands: Command[]): string {
  const top = [...new Set(commands.map((c) => c.name[0]!)), 'help'];
  const groups = new Map<string, string[]>();
  for (const c of commands) {
    if (c.name.length > 1) groups.set(c.name[0]!, [...(groups.get(c.name[0]!) ?? []), c.name[1]!]);
  }
  // Arguments spelled `on|off` complete to their values.
  const flags = (c: Command) =>
    [
      ...c.usage
        .split(' ')
        .filter((t) => t.includes('|') && !/^[<[]/.test(t))
        .flatMap((t) => t.split('|')),
      ...[...GLOBAL_OPTIONS, ...c.options].flatMap((o) => {
        const short = OPTIONS[o].short;
        return short ? [`--${o}`, `-${short}`] : [`--${o}`];
      }),
      '--help',
      '-h',
    ].join(' ');
  const cases = [
    `    '') words='${top.join(' ')}' ;;`,
    ...[...groups].map(([g, subs]) => `    '${g}') words='${subs.join(' ')}' ;;`),
    ...commands.map((c) => `    '${c.name.join(' ')}') words='${flags(c)}' ;;`),
  ];
  const groupTest = [...groups.keys()].map((g) => `"$key" == '${g}'`).join(' || ') || 'false';
  return `# wfchat completion for bash. Load it with:  source <(wfchat completion bash)
_wfchat() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" key='' words='' w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    if [[ -z "$key" ]]; then key="$w"
    elif [[ ${groupTest} ]]; then key="$key $w"
    else break
    fi
  done
  case "$key" in
${cases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _wfchat wfchat
`;
}

export function zshCompletion(commands: Command[]): string {
  return `#compdef wfchat
# wfchat completion for zsh. Load it with:  source <(wfchat completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(commands).split('\n').slice(1).join('\n')}`;
}

/** `wfchat completion bash|zsh`: prints the script; takes the list lazily because it is part of it. */
export function completionCommand(commands: () => Command[]): Command {
  return {
    name: ['completion'],
    usage: 'bash|zsh',
    options: [],
    summary: 'Print a shell completion script: `source <(wfchat completion bash)` (or zsh) in your shell profile',
    async run({ io, args }) {
      const [shell] = args as [string];
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw usageError(`no completion for "${shell}"; expected bash or zsh`, 'e.g. `wfchat completion bash`');
      }
      io.stdout.write(shell === 'bash' ? bashCompletion(commands()) : zshCompletion(commands()));
    },
  };
}
