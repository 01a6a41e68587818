import { EntitySchema } from 'typeorm';

export interface ProfileRow {
  analysis_id: string;
  birth_date: string | null;
  gender: string | null;
  country: string | null;
  skin_concerns: string[];
  self_undertone: string | null;
  hair_color: string | null;
  hair_length: string | null;
  hair_texture: string | null;
  makeup_preference: string | null;
  outdoor_ratio: number | null;
}

const text = { type: 'text', nullable: true } as const;

export const ProfileEntity = new EntitySchema<ProfileRow>({
  name: 'Profile',
  tableName: 'profiles',
  columns: {
    analysis_id: { type: 'uuid', primary: true },
    birth_date: { type: 'date', nullable: true },
    gender: text,
    country: { type: 'char', length: 2, nullable: true },
    skin_concerns: { type: 'text', array: true },
    self_undertone: text,
    hair_color: text,
    hair_length: text,
    hair_texture: text,
    makeup_preference: text,
    outdoor_ratio: { type: 'smallint', nullable: true },
  },
});
