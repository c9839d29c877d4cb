import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n-context.tsx';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { createTranslator } from '../../i18n/translate.ts';
import { ConfirmLink } from './confirm-link.tsx';

afterEach(cleanup);

const others = [
  { system: 'urn:oid:1.2.840.99999.7', value: 'H-3141' },
  { system: 'https://motivation-profile.app/fhir/patient-code/another-clinic', value: 'Q-7' },
];

describe('ConfirmLink', () => {
  it('asks in Chinese with no English word beside the identifiers, and each button does what it says', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <I18nProvider translate={createTranslator('zh-CN', messagesZhCn)}>
        <ConfirmLink otherIdentifiers={others} onConfirm={onConfirm} onCancel={onCancel} />
      </I18nProvider>,
    );
    const alert = screen.getByRole('alert', { name: '服务器上的该患者记录还带有以下标识：' });
    expect(document.activeElement).toBe(alert);
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['urn:oid:1.2.840.99999.7 | H-3141', 'https://motivation-profile.app/fhir/patient-code/another-clinic | Q-7']);
    // Everything but the identifiers themselves (data, not words) is Chinese.
    const words = alert.textContent.replace(others.map((o) => `${o.system} | ${o.value}`).join(''), '');
    expect(words).not.toMatch(/[A-Za-z]/);
    expect(words).toContain('关联前请确认是同一个人。');

    fireEvent.click(within(alert).getByRole('button', { name: '取消' }));
    expect([onCancel.mock.calls.length, onConfirm.mock.calls.length]).toEqual([1, 0]);
    fireEvent.click(within(alert).getByRole('button', { name: '关联并继续' }));
    expect(onConfirm.mock.calls.length).toBe(1);
  });
});
