#!/usr/bin/env node
// Test oracle for scheduler/segments.py: Twilio's own segment calculator (npm sms-segments-calculator).
//
// stdin: one JSON string a line. stdout: one JSON object a line, in order:
//   {"encoding", "segments", "units", "segment_units"}
// "units" are septets for GSM-7 (an extension character is 2) and UTF-16 code units for UCS-2, the
// same measure as segments.py. The library's own `numberOfCharacters` is NOT used: for UCS-2 it counts
// graphemes, not units. Units are read from the bits the library actually packs into each segment
// (messageSizeInBits excludes the 6-octet User Data Header), so they are exactly what it billed.
//
// `node segments.js --gsm-table` prints the library's UnicodeToGSM map instead, so the tests can
// check segments.py's tables against it position by position.
'use strict';

const { SegmentedMessage } = require('sms-segments-calculator');

function describe(text) {
  const message = new SegmentedMessage(text, 'auto', false);
  const bitsPerUnit = message.encodingName === 'GSM-7' ? 7 : 16;
  const segmentUnits = message.segments.map((segment) => segment.messageSizeInBits() / bitsPerUnit);
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    units: segmentUnits.reduce((total, units) => total + units, 0),
    segment_units: segmentUnits,
  };
}

function main() {
  if (process.argv.includes('--gsm-table')) {
    const table = require('sms-segments-calculator/dist/libs/UnicodeToGSM').default;
    const out = {};
    for (const [codePoint, septets] of Object.entries(table)) {
      out[String.fromCharCode(Number(codePoint))] = septets;
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => {
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    const out = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      out.push(JSON.stringify(describe(JSON.parse(line))));
    }
    process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
  });
}

main();
