// The hostile files of issue 17 part 3, made here as tests/memory.rs makes them (at full size):
// 50 MB of commas on one line and on 10,000 lines, a workbook at compression ratio ~181 (plan
// rows padded with white space, which the reader refuses for its budget, import.over_budget),
// and a zip bomb (1 GiB of zeros in 1 MB, declaring its true size: import.zip_bomb). The zips
// are written by hand: pieces deflated apart (zlib.deflateRawSync with a sync flush, so each
// refers only to its own bytes) are joined and ended with an empty final block.
import { crc32, deflateRawSync, constants } from 'node:zlib';

const MB = 1024 * 1024;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEADER = ['项目名称', '项目类型', '所在省份', '中央资金（万元）', '劳务报酬（万元）', '核算日期'];

/** A final empty fixed-Huffman block. */
const END = Buffer.from([0x03, 0x00]);

/** A deflate stream, not final, flushed to a byte boundary (level 6, as the test's). */
const piece = (data) => deflateRawSync(data, { level: 6, finishFlush: constants.Z_SYNC_FLUSH });

/** 50 MiB of commas, one line. */
export function commasLine() {
  return Buffer.alloc(50 * MB, ',');
}

/** Lines of 4,999 commas (CRLF) up to 50 MiB: 10,485 lines. */
export function commasLines() {
  const line = Buffer.concat([Buffer.alloc(4999, ','), Buffer.from('\r\n')]);
  const n = Math.floor((50 * MB) / line.length);
  return Buffer.concat(Array(n).fill(line));
}

/**
 * A zip of `entries` ({ name, deflated, crc, size }: size is declared in both headers), stored
 * with deflate (method 8).
 */
function zip(entries) {
  const local = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0, 6);
    head.writeUInt16LE(8, 8);
    head.writeUInt16LE(0, 10);
    head.writeUInt16LE(0x21, 12);
    head.writeUInt32LE(e.crc, 14);
    head.writeUInt32LE(e.deflated.length, 18);
    head.writeUInt32LE(e.size, 22);
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(0, 28);
    local.push(head, name, e.deflated);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0, 12);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.deflated.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += head.length + name.length + e.deflated.length;
  }
  const dir = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, dir, eocd]);
}

const entry = (name, text) => {
  const body = Buffer.from(text);
  return { name, deflated: Buffer.concat([piece(body), END]), crc: crc32(body), size: body.length };
};

/** The parts of a one-sheet workbook but its sheet. */
const frame = () => [
  entry('_rels/.rels', `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
  entry('xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="计划" sheetId="1" r:id="rId1"/></sheets></workbook>`),
  entry('xl/_rels/workbook.xml.rels', `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
];

/**
 * A workbook whose sheet is 2,000 plan rows, each followed by 2,700 spaces, repeated 30 times:
 * 176 MB of XML in about 1 MB, a compression ratio of about 181 (the issue's was 2.2 MB at 181,
 * 400 MB unpacked). Returns { bytes, ratio }.
 */
export function ratio181() {
  const text = (t) => `<c t="inlineStr"><is><t>${t}</t></is></c>`;
  const header = `<row>${HEADER.map(text).join('')}</row>`;
  const pad = ' '.repeat(2700);
  let rows = '';
  for (let i = 0; i < 2000; i++) {
    const central = 100 + ((i * 7919) % 900);
    const labour = Math.floor((central * (20 + (i % 20))) / 100);
    rows += `<row>${text(`项目${i}`)}${text('中央预算内')}${text('甘肃')}<c><v>${central}</v></c><c><v>${labour}</v></c>${text('2025-06-30')}${pad}</row>`;
  }
  const first = Buffer.from(`<worksheet xmlns="${MAIN}"><sheetData>${header}${rows}`);
  const later = Buffer.from(rows);
  const close = Buffer.from('</sheetData></worksheet>');
  const pieces = 30;
  const again = piece(later);
  const deflated = Buffer.concat([piece(first), ...Array(pieces - 1).fill(again), piece(close), END]);
  let crc = crc32(first);
  for (let i = 1; i < pieces; i++) crc = crc32(later, crc);
  crc = crc32(close, crc);
  const size = first.length + later.length * (pieces - 1) + close.length;
  const bytes = zip([...frame(), { name: 'xl/worksheets/sheet1.xml', deflated, crc, size }]);
  return { bytes, ratio: size / deflated.length };
}

/** A workbook whose sheet is 1 GiB of zeros in about 1 MB, declaring its true size. */
export function zipBomb() {
  const zeros = Buffer.alloc(4 * MB);
  const one = piece(zeros);
  const pieces = 256;
  let crc = 0;
  for (let i = 0; i < pieces; i++) crc = crc32(zeros, crc);
  const deflated = Buffer.concat([...Array(pieces).fill(one), END]);
  // 1 GiB still fits the 32-bit size fields (no Zip64 needed).
  const bytes = zip([...frame(), { name: 'xl/worksheets/sheet1.xml', deflated, crc, size: pieces * zeros.length }]);
  return { bytes, ratio: (pieces * zeros.length) / deflated.length };
}
