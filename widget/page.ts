/**
 * The page the supporter is on: its address and referrer, for attribution and sharing. In frame
 * mode the widget runs in our own frame page, so these come from the page that framed it
 * (frame-child.ts), and `framed` lets the notice say that page cannot see what is typed.
 */
export const page = { source: location.href, referrer: document.referrer, framed: false };
