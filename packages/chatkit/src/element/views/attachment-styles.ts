/** The attachments' part of the stylesheet: loaded with their code, only by chats that take or show files. */
export const ATTACHMENT_STYLES = `
.att-list, .att-tray { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.msg.user .att-list { justify-content: flex-end; max-width: 85%; margin-bottom: 4px; }
.att-tray { padding: var(--ck-space) var(--ck-space) 0; border-top: 1px solid var(--ck-border); }
.att { display: flex; flex-direction: column; gap: 4px; max-width: min(240px, 100%); }
.att-body { display: flex; align-items: center; }
.att-thumb { display: block; width: 72px; height: 72px; object-fit: cover; border-radius: 6px; border: 1px solid var(--ck-border); }
.msg .att-thumb { width: 120px; height: 120px; }
.att-file { display: inline-flex; align-items: center; gap: 6px; padding: 6px 10px; min-width: 0; background: var(--ck-surface); border-radius: 6px; }
.att-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.att-progress { width: 100%; height: 4px; }
.att-error { margin: 0; color: var(--ck-danger); font-size: .85em; }
.drop-hint { position: absolute; inset: 0; z-index: 2; display: flex; align-items: center; justify-content: center; pointer-events: none;
  border: 2px dashed var(--ck-accent, var(--ck-accent-default)); background: var(--ck-bg, var(--ck-bg-default)); opacity: .9; font-weight: 600; }
`;
