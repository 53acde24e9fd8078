import { describe, expectTypeOf, it } from 'vitest';
import { identify, type ContactInput, type IdentifyResult } from './index.js';

describe('public types', () => {
  it('needs email or userId', () => {
    expectTypeOf<{ email: string }>().toMatchTypeOf<ContactInput>();
    expectTypeOf<{ userId: string; name: string }>().toMatchTypeOf<ContactInput>();
    expectTypeOf<{ name: string }>().not.toMatchTypeOf<ContactInput>();
    // @ts-expect-error a contact with neither email nor userId does not type-check
    identify({ name: 'Ada' });
  });

  it('types fields and results', () => {
    expectTypeOf<ContactInput['createdAt']>().toEqualTypeOf<string | Date | undefined>();
    // @ts-expect-error unknown keys are refused
    identify({ userId: 'u', nickname: 'x' });
    // @ts-expect-error subscribedToChangelog is a boolean
    identify({ userId: 'u', subscribedToChangelog: 'yes' });
    expectTypeOf(identify({ userId: 'u' })).resolves.toEqualTypeOf<IdentifyResult>();
    expectTypeOf<IdentifyResult['status']>().toEqualTypeOf<'created' | 'updated' | 'unchanged' | 'superseded'>();
  });
});
