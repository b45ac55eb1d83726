import { NODE_TYPES, type TNodeType } from '@wfchat/contracts';
import { NODE_TYPE_HINTS, NODE_TYPE_LABELS } from './node-types.js';

/** One button per step type; a new step lands under the selected one. */
export function Palette({ onAdd }: { onAdd: (type: TNodeType) => void }) {
  return (
    <div className="palette" role="group" aria-label="Add a step">
      {NODE_TYPES.map((type) => (
        <button
          key={type}
          type="button"
          className={`palette-item step-${type}`}
          title={NODE_TYPE_HINTS[type]}
          aria-label={`Add ${NODE_TYPE_LABELS[type]} step`}
          onClick={() => onAdd(type)}
        >
          + {NODE_TYPE_LABELS[type]}
        </button>
      ))}
    </div>
  );
}
