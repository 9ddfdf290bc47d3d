// Minimal command-line parser: `--name value`, `--name=value`, and boolean
// flags (listed in `booleans`) that take no value.
export function parseArgs(argv, { booleans = [], defaults = {} } = {}) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    let name = a.slice(2);
    let value;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (booleans.includes(name)) {
      value = true;
    } else {
      if (i + 1 >= argv.length) throw new Error(`missing value for --${name}`);
      value = argv[++i];
    }
    out[name] = value;
  }
  return out;
}

export function requireArgs(args, names) {
  for (const n of names) {
    if (args[n] === undefined || args[n] === '') throw new Error(`--${n} is required`);
  }
}
