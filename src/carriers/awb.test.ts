import { describe, expect, it } from 'vitest';
import { isValidAwb } from './awb.js';

// The carriers' AWBs are letters, digits and at most a dash: JNE 16 digits (0102452400123456),
// SiCepat 12 digits, J&T "JD" + 10 digits, ID Express "IDE" + digits, SAP letters and digits.
describe('isValidAwb', () => {
  it.each(['0102452400123456', '000123456789', 'JD0012345671', 'IDE700012345678', 'AB-12', 'abcd', 'x'.repeat(40)])('accepts %s', (awb) => {
    expect(isValidAwb(awb)).toBe(true);
  });

  it.each([
    ['shorter than 4', 'abc'],
    ['longer than 40', 'x'.repeat(41)],
    ['empty', ''],
    ['a space inside', 'JD00 123'],
    ['a path', '../../etc'],
    ['a slash', 'JD/1'],
    ['percent-encoding', 'JD%2F1'],
    // Anchors: a valid AWB followed or preceded by anything else is not an AWB.
    ['valid then a slash', '0102452400123456/x'],
    ['a slash then valid', 'x/0102452400123456'],
    ['valid then a newline', '0102452400123456\n'],
    ['valid then 41st char', `${'x'.repeat(40)}!`],
    ['underscore', 'JD_0012345'],
    ['a dot', 'JD.0012345'],
  ])('refuses %s', (_, awb) => {
    expect(isValidAwb(awb)).toBe(false);
  });
});
