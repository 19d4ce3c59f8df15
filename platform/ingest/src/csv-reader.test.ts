import { describe, expect, it } from "vitest";
import { CsvReader, CsvSyntaxError, parseCsv } from "./csv-reader.js";

function readAll(text: string, chunkSize = text.length, delimiter = ","): Array<[string[], number]> {
  const records: Array<[string[], number]> = [];
  const reader = new CsvReader((fields, line) => records.push([[...fields], line]), { delimiter });
  for (let i = 0; i < text.length; i += chunkSize) reader.push(text.slice(i, i + chunkSize));
  reader.end();
  return records;
}

describe("CsvReader", () => {
  it("reads plain, quoted, escaped-quote and empty fields with the line each record starts on", () => {
    expect(readAll('a,b,c\n1,"two, three","say ""hi"""\n,,\n')).toEqual([
      [["a", "b", "c"], 1],
      [["1", "two, three", 'say "hi"'], 2],
      [["", "", ""], 3],
    ]);
  });

  it("keeps a newline inside quotes and counts it for the following line numbers", () => {
    expect(readAll('x,"first\nsecond"\ny,z\n')).toEqual([
      [["x", "first\nsecond"], 1],
      [["y", "z"], 3],
    ]);
  });

  it("accepts CRLF line ends and a last record without a newline", () => {
    expect(readAll('a,b\r\n"c",d\r\ne,f')).toEqual([
      [["a", "b"], 1],
      [["c", "d"], 2],
      [["e", "f"], 3],
    ]);
  });

  it("reports short and long rows as they are, without padding or merging", () => {
    expect(readAll("1,2,3\n4,5\n6,7,8,9\n")).toEqual([
      [["1", "2", "3"], 1],
      [["4", "5"], 2],
      [["6", "7", "8", "9"], 3],
    ]);
  });

  it("skips blank lines but keeps counting them", () => {
    expect(readAll("a\n\nb\n")).toEqual([
      [["a"], 1],
      [["b"], 3],
    ]);
  });

  it("gives the same records whatever the chunk boundaries", () => {
    const text = 'id,note\n1,"a ""quoted"", long\nvalue"\r\n2,plain\r\n3,"end"\r\n';
    const whole = readAll(text);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(readAll(text, size)).toEqual(whole);
  });

  it("reads another delimiter", () => {
    expect(readAll("a;b\n1;2\n", undefined, ";")).toEqual([
      [["a", "b"], 1],
      [["1", "2"], 2],
    ]);
  });

  it("throws naming the line when a quote is never closed", () => {
    expect(() => readAll('a,b\n1,"open\n2,3\n')).toThrow(new CsvSyntaxError(2, "a quoted field is never closed"));
  });

  it("throws naming the line when text follows a closing quote", () => {
    expect(() => readAll('a\n"x"y,z\n')).toThrow(new CsvSyntaxError(2, "unexpected character after a closing quote in field 1"));
  });
});

describe("parseCsv", () => {
  it("returns every record of a text with its line, dropping a byte order mark", () => {
    expect(parseCsv('\ufeffname,code\n"Congo, DRC",CD\n\nNamibia,NA')).toEqual([
      { fields: ["name", "code"], line: 1 },
      { fields: ["Congo, DRC", "CD"], line: 2 },
      { fields: ["Namibia", "NA"], line: 4 },
    ]);
  });
});
