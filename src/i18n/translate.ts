import { messagesEn, type MessageKey, type Messages } from './messages-en.ts';

export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** Builds a translator for a message table; `{name}` placeholders are filled from `values`. */
export function createTranslator(messages: Messages = messagesEn): Translate {
  return (key, values) => {
    const template = messages[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}
