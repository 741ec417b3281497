/**
 * Check digits of the identifiers the redactor looks for. A pattern alone would also hit order
 * numbers, tracking codes and invoice ids; a valid check digit makes an accidental match rare
 * (1 in 10 for Luhn, about 1 in 97 for IBAN, 1 in 11 / 1 in 31 for the national ids).
 */

/** ISO/IEC 7812-1 Luhn check over a string of digits. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/u.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * IBAN lengths per country (SWIFT IBAN Registry). Countries not listed are accepted at any
 * length from 15 to 34 when the mod-97 check passes.
 */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, GR: 27,
  HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25,
  RO: 24, SE: 24, SI: 19, SK: 24, UA: 29, BY: 28, GE: 22, MD: 24, TR: 26,
};

/** ISO 13616 mod-97 check of an IBAN written without spaces (either case). */
export function isIbanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/u.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= "A" ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/**
 * Lithuanian asmens kodas `GYYMMDDNNNC` (11 digits): G 1–6 is century and sex, then the birth
 * date and a check digit computed with weights 1…9,1 and, when that gives 10, 3…9,1,2,3
 * (LST 1185 / Gyventojų registro tarnyba).
 */
export function isLtPersonalCode(digits: string): boolean {
  if (!/^[1-6]\d{10}$/u.test(digits)) return false;
  const month = Number(digits.slice(3, 5));
  const day = Number(digits.slice(5, 7));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = [...digits].map(Number);
  const weighted = (weights: number[]) => weights.reduce((sum, w, i) => sum + w * d[i]!, 0) % 11;
  let check = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 1]);
  if (check === 10) check = weighted([3, 4, 5, 6, 7, 8, 9, 1, 2, 3]);
  if (check === 10) check = 0;
  return check === d[10];
}

const FI_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY";

/**
 * Finnish henkilötunnus `DDMMYYCZZZQ`: C is the century sign (+, -, A–F, U–Y since 2023), ZZZ the
 * individual number and Q the check character: DDMMYYZZZ mod 31 (Väestörekisterikeskus / DVV).
 */
export function isFiPersonalId(value: string): boolean {
  const match = /^(\d{2})(\d{2})(\d{2})[-+A-FU-Y](\d{3})([0-9A-Y])$/u.exec(value.toUpperCase());
  if (!match) return false;
  const [, dd, mm, yy, zzz, q] = match;
  const day = Number(dd);
  const month = Number(mm);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return FI_CHECK_CHARS[Number(`${dd}${mm}${yy}${zzz}`) % 31] === q;
}

/**
 * Russian СНИЛС `NNN-NNN-NNN CC`: the check number is Σ digit × (9…1) mod 101 (100 and 101 give
 * 00). Numbers up to 001-001-998 carry no check and are not accepted here.
 */
export function isRuSnils(digits: string): boolean {
  if (!/^\d{11}$/u.test(digits)) return false;
  const body = digits.slice(0, 9);
  if (Number(body) <= 1_001_998) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (9 - i);
  let check = sum % 101;
  if (check === 100) check = 0;
  return check === Number(digits.slice(9));
}
