// Files that are not plans, as people upload them by mistake, made byte by byte with their real
// signatures (tests/junk_files.rs has the same in Rust): for junk-files.test.mjs here and
// tests/browser/junk-files.test.mjs.
import { crc32 } from 'node:zlib';

/** A ZIP archive of `parts` ([name, text]), stored without compression. */
export function zipOf(parts) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const DOCX = zipOf([
  ['[Content_Types].xml', '<Types/>'],
  ['_rels/.rels', '<Relationships/>'],
  ['word/document.xml', '<w:document/>'],
]);

/** [file name, MIME type, bytes, what the message must say the file is]. */
export const JUNK = [
  ['计划.png', 'image/png', Buffer.from('89504e470d0a1a0a0000000d494844520000000100000001080200000090', 'hex'), '一张 PNG 图片'],
  ['计划.jpg', 'image/jpeg', Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), '一张 JPEG 图片'],
  ['计划.pdf', 'application/pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), '一个 PDF 文件'],
  ['计划.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', DOCX, '一个 Word 文档'],
  ['计划.zip', 'application/zip', zipOf([['说明.txt', 'hello']]), '一个 ZIP 压缩包'],
];

/** JSON files: [file name, text, expected code, a part of the message]. */
export const BAD_JSON = [
  ['broken.json', '{"name":"a","funds":{"central":', 'import.bad_json', 'JSON 文件在第 1 行第 31 列处意外结束，文件可能不完整'],
  ['hello.json', '{"hello":"world"}', 'import.json_not_a_plan', '这个 JSON 文件里没有项目计划字段'],
  ['empty.json', '[]', 'import.json_not_a_plan', '这个 JSON 文件里没有项目计划字段'],
];

/**
 * ASCII words of three letters or more a message may hold: the formats a user is asked for and
 * the names of the files told apart. Any other is a library's or a program's text.
 */
export const ALLOWED_WORDS = ['XLSX', 'XLS', 'CSV', 'JSON', 'PNG', 'JPEG', 'PDF', 'Word', 'ZIP'];

/** The English words of `text` outside ALLOWED_WORDS. */
export const englishWords = (text) => (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED_WORDS.includes(w));
