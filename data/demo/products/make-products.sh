#!/bin/sh
# Draws the demo catalog's product pictures (data/demo/catalog.json): flat,
# clean 400×400 illustrations, one per product, each well under 60 kB.
#
# Needs Debian 12's ImageMagick 6 (the `imagemagick` package), like
# ../vitrine-demo-card.png. Run it in this folder; it rewrites the PNGs byte
# for byte (no timestamps in the files).

set -eu

draw () {
  name=$1
  background=$2
  shift 2
  convert -size 400x400 "xc:$background" "$@" \
    -strip -define png:exclude-chunks=date,time -define png:compression-level=9 \
    "PNG24:$name.png"
}

# A1 silk scarf: a folded square of patterned silk, with a tassel fringe.
draw silk-scarf '#fdf0e6' \
  -fill '#00000018' -draw 'ellipse 200,330 150,20 0,360' \
  -fill '#e66100' -draw 'roundrectangle 70,80 330,320 10,10' \
  -fill '#f6d32d' -draw 'rectangle 90,100 310,300' \
  -fill '#e66100' -draw 'rectangle 110,120 290,280' \
  -fill '#fdf0e6' -draw 'rectangle 122,132 278,268' \
  -fill '#1a5fb4' -draw 'polygon 200,145 255,200 200,255 145,200' \
  -fill '#e66100' -draw 'circle 200,200 200,228' \
  -fill '#ffffff' -draw 'circle 200,200 200,212' \
  -fill '#1a5fb4' -draw 'circle 140,150 140,158' -draw 'circle 260,150 260,158' \
  -draw 'circle 140,250 140,258' -draw 'circle 260,250 260,258' \
  -stroke '#c64600' -strokewidth 4 \
  -draw 'line 90,320 90,338' -draw 'line 120,320 120,338' -draw 'line 150,320 150,338' \
  -draw 'line 180,320 180,338' -draw 'line 210,320 210,338' -draw 'line 240,320 240,338' \
  -draw 'line 270,320 270,338' -draw 'line 300,320 300,338'

# A2 linen shirt: a shirt with a collar and buttons.
draw linen-shirt '#eef3f8' \
  -fill '#00000014' -draw 'ellipse 200,352 130,16 0,360' \
  -fill '#f6f5f4' -stroke '#c0bfbc' -strokewidth 3 \
  -draw 'polygon 145,70 255,70 345,120 318,190 280,170 280,340 120,340 120,170 82,190 55,120' \
  -fill '#deddda' -draw 'polygon 145,70 200,120 255,70 240,62 200,95 160,62' \
  -stroke '#9a9996' -strokewidth 2 -draw 'line 200,120 200,340' \
  -stroke none -fill '#77767b' \
  -draw 'circle 210,160 210,165' -draw 'circle 210,210 210,215' \
  -draw 'circle 210,260 210,265' -draw 'circle 210,310 210,315'

# A3 vitamin C serum: a dropper bottle in amber glass.
draw vitamin-c-serum '#fff4d6' \
  -fill '#00000018' -draw 'ellipse 200,352 90,14 0,360' \
  -fill '#241f31' -draw 'roundrectangle 178,40 222,120 20,20' \
  -fill '#3d3846' -draw 'roundrectangle 165,110 235,150 6,6' \
  -fill '#c64600' -draw 'roundrectangle 130,145 270,350 24,24' \
  -fill '#ffffff' -draw 'roundrectangle 150,210 250,300 8,8' \
  -fill '#e66100' -font DejaVu-Sans-Bold -pointsize 44 -gravity center -annotate +0+55 'C' \
  -fill '#ffffff66' -draw 'roundrectangle 142,160 156,330 7,7'

# A4 wireless earbuds: two buds in front of their charging case.
draw wireless-earbuds '#e8f4f8' \
  -fill '#00000018' -draw 'ellipse 200,345 140,16 0,360' \
  -fill '#f6f5f4' -stroke '#c0bfbc' -strokewidth 3 -draw 'roundrectangle 95,170 305,330 60,60' \
  -stroke '#9a9996' -strokewidth 3 -draw 'line 100,225 300,225' \
  -stroke none -fill '#33d17a' -draw 'circle 200,280 200,286' \
  -fill '#ffffff' -stroke '#c0bfbc' -strokewidth 3 \
  -draw 'circle 140,120 140,165' -draw 'roundrectangle 122,135 158,225 18,18' \
  -draw 'circle 260,120 260,165' -draw 'roundrectangle 242,135 278,225 18,18' \
  -stroke none -fill '#3d3846' -draw 'circle 140,112 140,128' -draw 'circle 260,112 260,128'

# A5 matte lipstick: a gold tube with a coral bullet.
draw matte-lipstick '#fbe3e8' \
  -fill '#00000018' -draw 'ellipse 200,355 80,12 0,360' \
  -fill '#e01b24' -draw 'polygon 160,160 160,95 240,60 240,160' \
  -fill '#ff7b63' -draw 'polygon 160,160 160,100 240,66 240,160' \
  -fill '#e5a50a' -draw 'rectangle 150,155 250,215' \
  -fill '#f6d32d' -draw 'rectangle 150,155 170,215' \
  -fill '#241f31' -draw 'roundrectangle 140,210 260,350 8,8' \
  -fill '#3d3846' -draw 'rectangle 150,210 165,350'

# A6 phone tripod: three legs, a phone and a ring light.
draw phone-tripod '#ecebf8' \
  -stroke '#3d3846' -strokewidth 10 \
  -draw 'line 200,230 95,360' -draw 'line 200,230 305,360' -draw 'line 200,230 200,365' \
  -draw 'line 200,230 200,190' \
  -stroke '#f6d32d' -strokewidth 14 -fill none -draw 'circle 200,120 200,200' \
  -stroke none -fill '#241f31' -draw 'roundrectangle 170,60 230,180 10,10' \
  -fill '#62a0ea' -draw 'roundrectangle 176,70 224,170 6,6'

# A7 leather tote bag: a tan bag with two handles.
draw leather-tote '#f5efe6' \
  -fill '#00000018' -draw 'ellipse 200,352 140,14 0,360' \
  -fill none -stroke '#63452c' -strokewidth 12 \
  -draw 'arc 125,60 275,240 180,360' -draw 'arc 150,85 250,215 180,360' \
  -stroke none -fill '#986a44' -draw 'polygon 90,150 310,150 335,345 65,345' \
  -fill '#865e3c' -draw 'polygon 90,150 310,150 312,170 88,170' \
  -fill '#e5a50a' -draw 'circle 135,170 135,177' -draw 'circle 265,170 265,177'

# A8 sunglasses: round frames with blue lenses.
draw sunglasses '#fdf6e3' \
  -fill none -stroke '#241f31' -strokewidth 12 \
  -draw 'line 38,180 75,170' -draw 'line 362,180 325,170' \
  -draw 'arc 180,170 220,210 200,340' \
  -fill '#1c71d8' -draw 'circle 125,200 125,268' -draw 'circle 275,200 275,268' \
  -stroke none -fill '#ffffff55' -draw 'ellipse 105,178 22,12 -30,150' \
  -draw 'ellipse 255,178 22,12 -30,150'
