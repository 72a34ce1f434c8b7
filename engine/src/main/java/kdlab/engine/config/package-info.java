/**
 * Experiments as data: the record tree an experiment file (YAML or JSON) describes — data, model, teacher
 * (a finished run or an inline teacher experiment), noise, augmentation, objective, optimizer, schedule,
 * loop, seed — read with Jackson, with {@code --set PATH=VALUE} overrides, strict about unknown keys and
 * types, and the runtime settings that may change on resume kept beside it.
 */
package kdlab.engine.config;
