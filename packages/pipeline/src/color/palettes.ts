/**
 * Recommended and avoided colours per 12-season sub-type (the usual
 * colour-consulting palettes: warm/clear for spring, cool/muted for summer,
 * warm/muted for autumn, cool/clear for winter; each sub-type leans to its
 * dominant axis).
 */
export interface Palette {
  best: string[];
  avoid: string[];
}

export const PALETTES: Record<string, Palette> = {
  light_spring: {
    best: ['#F7D9C4', '#FFB38A', '#F9E79F', '#A8E6CF', '#FFC1CC', '#87CEEB'],
    avoid: ['#000000', '#4B0082', '#800020', '#2F4F4F'],
  },
  warm_spring: {
    best: ['#FF7F50', '#FFA500', '#F4C430', '#9ACD32', '#40E0D0', '#E9967A'],
    avoid: ['#000000', '#C0C0C0', '#FF00FF', '#4169E1'],
  },
  bright_spring: {
    best: ['#FF6F61', '#FFD700', '#00A86B', '#1E90FF', '#FF1493', '#FFFFFF'],
    avoid: ['#808000', '#A0522D', '#BC8F8F', '#696969'],
  },
  light_summer: {
    best: ['#E6E6FA', '#B0C4DE', '#FFB6C1', '#98FB98', '#ADD8E6', '#D8BFD8'],
    avoid: ['#000000', '#FF8C00', '#8B4513', '#FFD700'],
  },
  cool_summer: {
    best: ['#6495ED', '#DB7093', '#9370DB', '#5F9EA0', '#C71585', '#708090'],
    avoid: ['#FF8C00', '#DAA520', '#8B4513', '#FF4500'],
  },
  soft_summer: {
    best: ['#A3B1C2', '#C08081', '#8FBC8F', '#B0A4C8', '#778899', '#D3B8AE'],
    avoid: ['#FF0000', '#FFFF00', '#000000', '#FF8C00'],
  },
  soft_autumn: {
    best: ['#C8A27C', '#8F9779', '#B5651D', '#D2B48C', '#6B8E23', '#CD8C95'],
    avoid: ['#000000', '#FF00FF', '#00BFFF', '#FFFFFF'],
  },
  warm_autumn: {
    best: ['#D2691E', '#B8860B', '#808000', '#8B4513', '#CC5500', '#DAA520'],
    avoid: ['#FF69B4', '#0000FF', '#C0C0C0', '#E6E6FA'],
  },
  deep_autumn: {
    best: ['#800000', '#556B2F', '#8B4513', '#B7410E', '#014421', '#4B3621'],
    avoid: ['#FFB6C1', '#E0FFFF', '#FFFACD', '#C0C0C0'],
  },
  deep_winter: {
    best: ['#000000', '#800020', '#013220', '#191970', '#DC143C', '#FFFFFF'],
    avoid: ['#F5DEB3', '#FFA07A', '#D2B48C', '#F0E68C'],
  },
  cool_winter: {
    best: ['#0000CD', '#C71585', '#008080', '#4B0082', '#FFFFFF', '#36454F'],
    avoid: ['#FF8C00', '#D2691E', '#F0E68C', '#DEB887'],
  },
  bright_winter: {
    best: ['#FF0000', '#0047AB', '#00FF7F', '#FF00FF', '#000000', '#FFFFFF'],
    avoid: ['#BDB76B', '#D2B48C', '#C3B091', '#A0522D'],
  },
};
