/** The console's entry: its one element (the stylesheet is linked from index.html). */
import './console-app.ts';
