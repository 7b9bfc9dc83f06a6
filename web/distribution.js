// Placeholder: the "Cascade" and "Generate periods" dialogs (UI.md) come in their own change.
import { h, openDialog } from './dom.js';

export const openCascade = () => openDialog('Cascade', (dialog) => dialog.append(h('p', {}, '…')));
export const openGeneratePeriods = () => openDialog('Generate periods', (dialog) => dialog.append(h('p', {}, '…')));
