import {
  CHAT_COLOR_SCHEMES,
  CHAT_DENSITIES,
  CHAT_RADII,
  DEFINITION_LIMITS,
  type TChatSettings,
  type TChatTheme,
} from '@wfchat/contracts';
import { useId } from 'react';
import { accentColorProblem, toSixDigitHex, withText, withTheme } from './chat-settings-edit.js';

const SCHEME_LABELS: Record<(typeof CHAT_COLOR_SCHEMES)[number], string> = {
  light: 'Light',
  dark: 'Dark',
  system: "Match the visitor's device",
};
const RADIUS_LABELS: Record<(typeof CHAT_RADII)[number], string> = {
  none: 'Square',
  small: 'Slightly rounded',
  medium: 'Rounded',
  large: 'Very rounded',
};
const DENSITY_LABELS: Record<(typeof CHAT_DENSITIES)[number], string> = {
  compact: 'Compact',
  normal: 'Normal',
  spacious: 'Spacious',
};
// What the built-in chat uses when nothing is set.
const DEFAULT_ACCENT = '#2563eb';

interface Props {
  chat: TChatSettings;
  workflowName: string;
  onChange: (chat: TChatSettings) => void;
}

/** Edits `definition.chat`: the words and the look visitors get. Saved with the workflow. */
export function ChatAppearanceForm({ chat, workflowName, onChange }: Props) {
  const ids = useId();
  const theme: TChatTheme = chat.theme ?? {};
  const accentProblem = accentColorProblem(theme.accentColor);
  const text = (field: 'title' | 'greeting' | 'placeholder' | 'disclaimer', value: string) =>
    onChange(withText(chat, field, value));

  return (
    <div className="appearance-form" data-testid="appearance-form">
      <TextField
        label="Title"
        value={chat.title}
        placeholder={workflowName}
        maxLength={DEFINITION_LIMITS.title}
        hint="At the top of the chat. Leave empty to show the workflow's name."
        onChange={(v) => text('title', v)}
      />
      <TextField
        label="Greeting"
        value={chat.greeting}
        maxLength={2000}
        multiline
        onChange={(v) => text('greeting', v)}
      />
      <TextField
        label="Message box placeholder"
        value={chat.placeholder}
        placeholder="Type a message"
        maxLength={DEFINITION_LIMITS.placeholder}
        onChange={(v) => text('placeholder', v)}
      />
      <TextField
        label="Disclaimer"
        value={chat.disclaimer}
        placeholder="Answers may be wrong; check important facts."
        maxLength={DEFINITION_LIMITS.disclaimer}
        hint="One line under the message box. Leave empty for none."
        onChange={(v) => text('disclaimer', v)}
      />

      <div className="appearance-theme">
        <label>
          Colors
          <select
            value={theme.colorScheme ?? 'light'}
            onChange={(e) => onChange(withTheme(chat, 'colorScheme', e.target.value as TChatTheme['colorScheme']))}
          >
            {CHAT_COLOR_SCHEMES.map((s) => (
              <option key={s} value={s}>
                {SCHEME_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor={`${ids}-accent`}>Accent color</label>
          <div className="row">
            <input
              type="color"
              aria-label="Pick the accent color"
              value={toSixDigitHex(theme.accentColor, DEFAULT_ACCENT)}
              onChange={(e) => onChange(withTheme(chat, 'accentColor', e.target.value))}
            />
            <input
              id={`${ids}-accent`}
              className="accent-text"
              value={theme.accentColor ?? ''}
              placeholder={DEFAULT_ACCENT}
              maxLength={7}
              spellCheck={false}
              aria-invalid={accentProblem !== undefined}
              aria-describedby={accentProblem ? `${ids}-accent-error` : undefined}
              onChange={(e) => onChange(withTheme(chat, 'accentColor', e.target.value.trim()))}
            />
          </div>
          {accentProblem && (
            <span id={`${ids}-accent-error`} className="error" role="alert" data-testid="accent-error">
              {accentProblem}
            </span>
          )}
        </div>
        <label>
          Corners
          <select
            value={theme.radius ?? 'medium'}
            onChange={(e) => onChange(withTheme(chat, 'radius', e.target.value as TChatTheme['radius']))}
          >
            {CHAT_RADII.map((r) => (
              <option key={r} value={r}>
                {RADIUS_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Spacing
          <select
            value={theme.density ?? 'normal'}
            onChange={(e) => onChange(withTheme(chat, 'density', e.target.value as TChatTheme['density']))}
          >
            {CHAT_DENSITIES.map((d) => (
              <option key={d} value={d}>
                {DENSITY_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string | undefined;
  maxLength: number;
  placeholder?: string;
  hint?: string;
  multiline?: boolean;
  onChange: (value: string) => void;
}

function TextField({ label, value, maxLength, placeholder, hint, multiline, onChange }: TextFieldProps) {
  const id = useId();
  const common = {
    id,
    value: value ?? '',
    placeholder,
    maxLength,
    'aria-describedby': hint ? `${id}-hint` : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}
