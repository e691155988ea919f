import { describe, expect, it } from 'vitest';
import { addressProblem, decodeText, detectDelimiter, MAX_UNREADABLE_ROWS, readCsvRecords, readCsvTable } from './csv.ts';

const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const utf16le = (text: string, bom: boolean) => {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
};

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte-order mark, as it is', () => {
    expect(decodeText(new TextEncoder().encode('email,name\nana@example.com,José\n'))).toEqual({ text: 'email,name\nana@example.com,José\n', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a,b')]))).toEqual({ text: 'a,b', encoding: 'utf-8' });
  });

  it('reads a Latin-1 (Windows-1252) file as such and says so, instead of turning names into U+FFFD', () => {
    const decoded = decodeText(latin1('email,name\njose@example.com,Jos\u00e9\nmuller@example.com,M\u00fcller\n'));
    expect(decoded.text).toBe('email,name\njose@example.com,José\nmuller@example.com,Müller\n');
    expect(decoded.text).not.toContain('\ufffd');
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.note).toBe('is not UTF-8, so it was read as Windows-1252 (Latin-1); if accented names look wrong, save the file as UTF-8 and import it again');
  });

  it('reads UTF-16 from a spreadsheet, with a byte-order mark or without', () => {
    expect(decodeText(utf16le('email\tname\nana@example.com\tZoë\n', true))).toEqual({ text: 'email\tname\nana@example.com\tZoë\n', encoding: 'utf-16le' });
    expect(decodeText(utf16le('email,name\nana@example.com,Zoë\n', false))).toMatchObject({ text: 'email,name\nana@example.com,Zoë\n', encoding: 'utf-16le', note: 'read as UTF-16LE (every other byte is zero)' });
  });
});

describe('readCsvRecords', () => {
  it('reports a row with a stray quote by its line and keeps every other row', () => {
    const { records, problems } = readCsvRecords('email,name\nana@example.com,Ana\n"bo@example.com"x,Bo\ncy@example.com,Cy\n');
    expect(records.map((r) => [r.line, r.cells[0]])).toEqual([[1, 'email'], [2, 'ana@example.com'], [4, 'cy@example.com']]);
    expect(problems).toEqual([
      { line: 3, message: 'a cell has text after its closing quote (") so the row was left out: remove the stray quote, or write a quote inside a quoted cell as ""' },
    ]);
  });

  it('loses only the row whose quote never closes, not the rest of the file', () => {
    const { records, problems } = readCsvRecords('email,name\nana@example.com,"Ana\ncy@example.com,Cy\ndee@example.com,Dee\n');
    expect(records.map((r) => r.cells[0])).toEqual(['email', 'cy@example.com', 'dee@example.com']);
    expect(problems).toEqual([{ line: 2, message: 'a quote (") opens a cell here and never closes, so the row was left out: remove the quote or close it' }]);
  });

  it('numbers records by the line they start on, across quoted line breaks and blank lines', () => {
    const { records } = readCsvRecords('email,note\r\na@example.com,"two\r\nlines"\r\n\r\nb@example.com,x\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  it('stops reading a file that is not CSV at all, and says so', () => {
    const { problems } = readCsvRecords('x\n' + '"a"b\n'.repeat(MAX_UNREADABLE_ROWS + 5));
    expect(problems).toHaveLength(MAX_UNREADABLE_ROWS + 2);
    expect(problems.at(-1)!.message).toBe(`more than ${MAX_UNREADABLE_ROWS} rows could not be read: stopped reading; is this a CSV file?`);
  });

  it('detects semicolons (European spreadsheets) and tabs', () => {
    expect(detectDelimiter('Email;First name\na@example.com;Ana')).toBe(';');
    expect(detectDelimiter('email\tname')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(readCsvTable('Email;Vorname\nana@example.com;Änne\n')).toMatchObject({ header: ['email', 'vorname'], records: [{ line: 2, cells: ['ana@example.com', 'Änne'] }] });
  });
});

describe('addressProblem', () => {
  it('says what is wrong with a cell in the words of someone reading a spreadsheet', () => {
    expect(addressProblem('  ')).toEqual({ message: 'the email cell is empty' });
    expect(addressProblem(undefined, 'Email Address')).toEqual({ message: 'the Email Address cell is empty' });
    expect(addressProblem('bo at example')).toEqual({ message: '"bo at example" in the email column is not an email address' });
    expect(addressProblem(' Ana@Example.COM ')).toEqual({ email: 'ana@example.com' });
  });
});
