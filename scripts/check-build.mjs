// `npm test`'s checks of the built files, on one measurement: every browser file within its size
// budget (scripts/size.mjs), and README.md's stub, hashes and size table as the build made them
// (scripts/readme.mjs). Builds first when dist/ is not up to date with the sources.
import { buildIfChanged } from './build.mjs';
import { checkReadme } from './readme.mjs';
import { measure, reportSizes } from './size.mjs';

if (!(await buildIfChanged())) process.exit(1);
const rows = measure();
const withinBudgets = reportSizes(rows);
const readmeTrue = checkReadme(rows);
process.exit(withinBudgets && readmeTrue ? 0 : 1);
