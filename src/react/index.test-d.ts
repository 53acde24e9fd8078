import { describe, expectTypeOf, it } from 'vitest';
import type { ContactInput, FeaturebaseError } from '../index.js';
import { Identify, useIdentify, type IdentifyProps, type IdentifyState, type IdentifyStatus, type UseIdentifyOptions } from './index.js';

describe('featurebase-identify/react: public types', () => {
  it('useIdentify takes a contact, null or undefined, and the options of identify', () => {
    expectTypeOf(useIdentify).parameter(0).toEqualTypeOf<ContactInput | null | undefined>();
    useIdentify({ userId: 'u', name: 'Ada', createdAt: new Date() });
    useIdentify(null);
    useIdentify(undefined);
    useIdentify({ email: 'ada@example.com' }, { force: true });
    // @ts-expect-error a contact with neither email nor userId does not type-check
    useIdentify({ name: 'Ada' });
    // @ts-expect-error unknown contact keys are refused
    useIdentify({ userId: 'u', nickname: 'x' });
    // @ts-expect-error unknown options are refused
    useIdentify(null, { retry: true });
    // @ts-expect-error the contact is not optional: undefined says so on purpose
    useIdentify();
    expectTypeOf<UseIdentifyOptions>().toEqualTypeOf<{ force?: boolean }>();
  });

  it('returns the status, and the FeaturebaseError exactly when the status is error', () => {
    const state = useIdentify(null);
    expectTypeOf(state).toEqualTypeOf<IdentifyState>();
    expectTypeOf<IdentifyStatus>().toEqualTypeOf<'idle' | 'pending' | 'created' | 'updated' | 'unchanged' | 'superseded' | 'error'>();
    expectTypeOf(state.status).toEqualTypeOf<IdentifyStatus>();
    if (state.status == 'error') expectTypeOf(state.error).toEqualTypeOf<FeaturebaseError>();
    else expectTypeOf(state.error).toEqualTypeOf<null>();
  });

  it('Identify needs a contact prop (null or undefined allowed), takes the options, renders null', () => {
    expectTypeOf(Identify).returns.toEqualTypeOf<null>();
    expectTypeOf<IdentifyProps>().toEqualTypeOf<Parameters<typeof Identify>[0]>();
    Identify({ contact: { userId: 'u' }, force: true });
    Identify({ contact: undefined });
    // @ts-expect-error the contact prop is required
    Identify({});
    // @ts-expect-error a contact with neither email nor userId does not type-check
    Identify({ contact: { name: 'Ada' } });
  });
});
