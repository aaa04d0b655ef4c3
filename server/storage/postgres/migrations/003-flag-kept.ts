/** As SQLite's 007: when a person last decided on a signature (kept, counted or flagged by hand). */
export default /* sql */ `
ALTER TABLE signatures ADD COLUMN reviewed_at BIGINT;
`;
