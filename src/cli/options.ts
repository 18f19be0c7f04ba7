/** Options that several commands share, declared once so that their help and checks agree. */
import { Option } from 'commander';

export type PdfEngine = 'pdf-parse' | 'poppler';

/** `--pdf-engine`: commander refuses any other value with a usage error (exit 2). */
export function pdfEngineOption(): Option {
  return new Option('--pdf-engine <engine>', 'PDF reader: pdf-parse (bundled) or poppler (Debian\'s pdftotext, from poppler-utils)')
    .choices(['pdf-parse', 'poppler'])
    .default('pdf-parse');
}

export function pipelineOption(): Option {
  return new Option('--pipeline <name|file>', 'pipeline definition: a name in pipelines/ or a JSON file').default('default');
}
