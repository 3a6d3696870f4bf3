import type { ContactPushLearner } from '../learners';
import { contactHash, disambiguatedName, learnerName, sameEmail, toContactInput } from './contact.mapper';

const ada: ContactPushLearner = {
  id: '00000000-0000-4000-8000-000000000001',
  studentNumber: 'STU-000012',
  firstName: 'Ada ',
  lastName: 'Lovelace',
  email: 'ada@example.test',
  phone: null,
  street: '1 Analytical Way',
  suburb: 'Marylebone',
  state: null,
  postcode: '2000',
  country: 'Australia',
};

describe('contact mapper', () => {
  it('sends the student number as the ContactNumber and the address Xero can hold', () => {
    const input = toContactInput(ada, learnerName(ada), 'c-1');
    expect(input).toEqual({
      contactId: 'c-1',
      contactNumber: 'STU-000012',
      name: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      phone: undefined,
      address: {
        line1: '1 Analytical Way',
        city: 'Marylebone',
        region: undefined,
        postalCode: '2000',
        country: 'Australia',
      },
    });
  });

  it('leaves the address out when the learner has none', () => {
    const input = toContactInput({ ...ada, street: ' ', suburb: null, postcode: null, country: null }, 'x');
    expect(input.address).toBeUndefined();
  });

  it('tells namesakes apart by student number', () => {
    expect(disambiguatedName(ada)).toBe('Ada Lovelace (STU-000012)');
  });

  it('changes the hash when anything Xero holds changes, and only then', () => {
    const base = contactHash(ada);
    expect(contactHash({ ...ada })).toBe(base);
    expect(contactHash({ ...ada, email: 'other@example.test' })).not.toBe(base);
    expect(contactHash({ ...ada, postcode: '2001' })).not.toBe(base);
    expect(contactHash({ ...ada, firstName: 'Ada' })).toBe(base);
  });

  it('compares emails without case or spaces, and never matches two missing emails', () => {
    expect(sameEmail('Ada@Example.test ', 'ada@example.test')).toBe(true);
    expect(sameEmail(null, null)).toBe(false);
    expect(sameEmail('', '')).toBe(false);
  });
});
