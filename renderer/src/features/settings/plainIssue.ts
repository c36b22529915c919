// Turns a schema's issue text into plain words for a settings field ("Too small: expected number to be >=5" →
// "Use 5 or more"); text that is already plain passes through. Renderer (and Node tests).

const RULES: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^Too small: expected number to be >=\s*(-?[\d.e+]+)/i, (m) => `Use ${m[1]} or more`],
  [/^Too small: expected number to be >\s*(-?[\d.e+]+)/i, (m) => `Use more than ${m[1]}`],
  [/^Too big: expected number to be <=\s*(-?[\d.e+]+)/i, (m) => `Use ${m[1]} or less`],
  [/^Too big: expected number to be <\s*(-?[\d.e+]+)/i, (m) => `Use less than ${m[1]}`],
  [/^Too small: expected string to have >=?\s*1 characters?/i, () => 'This cannot be empty'],
  [/^Too small: expected string to have >=?\s*(\d+) characters?/i, (m) => `Use at least ${m[1]} characters`],
  [/^Too big: expected string to have <=?\s*(\d+) characters?/i, (m) => `Use at most ${m[1]} characters`],
  [/^Too small: expected array to have >=?\s*(\d+) items?/i, (m) => `Add at least ${m[1]}`],
  [/^Too big: expected array to have <=?\s*(\d+) items?/i, (m) => `Use at most ${m[1]}`],
  [/^Invalid input: expected int, received/i, () => 'Enter a whole number'],
  [/^Invalid input: expected number, received/i, () => 'Enter a number'],
  [/^Invalid input: expected (string|boolean|object|array)/i, () => 'This value is not accepted here'],
  [/^Invalid option/i, () => 'Choose one of the offered options'],
  [/^Invalid (url|URL)/, () => 'Enter a full URL, like http://127.0.0.1:11434'],
  [/^Invalid string: must match pattern/i, () => 'This value has characters that are not allowed here'],
  [/^Unrecognized key/i, () => 'This setting is not known to this version of Loci'],
  [/^Invalid input$/i, () => 'This value is not accepted here'],
];

export function plainIssue(message: string): string {
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(message.trim());
    if (match) return say(match);
  }
  return message;
}

/** A setting's name from its key for a message with no field of its own: `cloudPrices` → `Cloud prices`. */
export function settingName(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
