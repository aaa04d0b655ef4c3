/**
 * A reviewer's decision to keep a signature flagged is a decision: the row remembers when a person
 * last decided on it (kept, counted or flagged by hand), so the flagged list can show only the
 * rows nobody has looked at yet and the pile shrinks as the review goes. The audit log already
 * takes any short action name (005), so `keep` needs no rebuild there.
 */
export default /* sql */ `
ALTER TABLE signatures ADD COLUMN reviewed_at INTEGER;
`;
