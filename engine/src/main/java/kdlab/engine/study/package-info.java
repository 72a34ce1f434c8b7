/** Studies: a shipped sweep per paper finding, its analysis and its verdicts (docs/studies.md). */
package kdlab.engine.study;
