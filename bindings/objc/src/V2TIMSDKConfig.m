#import "V2TIMInternal.h"

@implementation V2TIMSDKConfig

@synthesize serverURL = _serverURL;

- (void)dealloc {
    [_serverURL release];
    [super dealloc];
}

@end
