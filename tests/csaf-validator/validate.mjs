// Runs BSI's CSAF 2.0 validator (@secvisogram/csaf-validator-lib, pinned in package.json) on CSAF files.
// Usage: node validate.mjs <file.json> [more.json ...]
// Mandatory tests (and the strict schema) must pass: any failure exits 1. Optional tests are
// recommendations: their warnings are reported separately and never fail the run. Informative tests
// are not run: some of them fetch URLs or need hunspell, and they say nothing about validity.
// The last line on stdout is one JSON object per run, so a caller can count without parsing prose.
import { readFile } from 'node:fs/promises'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js'
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'

const files = process.argv.slice(2)
if (files.length === 0) {
  console.error('usage: node validate.mjs <file.json> [more.json ...]')
  process.exit(2)
}

const summary = { files: files.length, mandatoryFailures: 0, optionalWarnings: 0, warnings: {} }
for (const file of files) {
  let document
  try {
    document = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    console.error(`${file}: not readable as JSON: ${error.message}`)
    summary.mandatoryFailures++
    continue
  }

  const required = await validateStrict([csaf_2_0_strict, ...Object.values(mandatory)], document)
  for (const test of required.tests.filter((t) => !t.isValid)) {
    summary.mandatoryFailures++
    for (const error of test.errors) {
      console.error(`${file}: MANDATORY ${test.name} ${error.instancePath}: ${error.message}`)
    }
  }

  const recommended = await validateStrict(Object.values(optional), document)
  for (const test of recommended.tests) {
    for (const warning of test.warnings) {
      summary.optionalWarnings++
      summary.warnings[test.name] = (summary.warnings[test.name] ?? 0) + 1
      console.log(`${file}: optional ${test.name} ${warning.instancePath}: ${warning.message}`)
    }
  }
}

console.log(JSON.stringify(summary))
process.exit(summary.mandatoryFailures === 0 ? 0 : 1)
