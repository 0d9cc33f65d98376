// Importing a picked or dropped image: the page reads the File's bytes and hands them to Rust
// as a raw IPC body; Rust hashes, measures, keeps and thumbnails it, reporting each stage.
import type { AppError } from '../bindings/AppError';
import type { ImportedImage } from '../bindings/ImportedImage';
import type { ImportStage } from '../bindings/ImportStage';
import { commands, events } from '../ipc';

export type ImportStep = 'reading' | 'sending' | ImportStage;

/** Steps in order, with what the user reads while each one runs. */
export const IMPORT_STEPS: { step: ImportStep; label: string }[] = [
  { step: 'reading', label: 'Reading the file…' },
  { step: 'sending', label: 'Handing it to Adwright…' },
  { step: 'checking', label: 'Checking size, format and orientation…' },
  { step: 'thumbnail', label: 'Making the preview…' },
  { step: 'done', label: 'Added' },
];

/** 0–1: how far along `step` is. */
export function importFraction(step: ImportStep): number {
  const index = IMPORT_STEPS.findIndex((s) => s.step === step);
  return index < 0 ? 0 : index / (IMPORT_STEPS.length - 1);
}

export const ACCEPTED_TYPES = ['image/jpeg', 'image/png'];

let counter = 0;

export async function importImageFile(
  file: File,
  onStep: (step: ImportStep) => void,
): Promise<ImportedImage> {
  if (file.type && !ACCEPTED_TYPES.includes(file.type)) {
    // Rust checks the bytes too; this only spares reading a video into memory.
    const refusal: AppError = {
      kind: 'unsupported_image',
      message: `Image is ${file.type.replace('image/', '').toUpperCase() || 'not an image'}: Meta ads need JPEG or PNG. Export the image as JPEG or PNG and add it again.`,
      details: { field: 'content.image' },
    };
    throw refusal;
  }
  const importId = `import-${Date.now()}-${++counter}`;
  onStep('reading');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const stop = await events.onImageImportProgress((progress) => {
    if (progress.import_id === importId) onStep(progress.stage);
  });
  try {
    onStep('sending');
    return await commands.imageImport(bytes, importId);
  } finally {
    stop();
  }
}
