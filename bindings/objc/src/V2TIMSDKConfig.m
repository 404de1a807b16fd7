#import "V2TIMInternal.h"

@implementation V2TIMSDKConfig

@synthesize serverURL = _serverURL;
@synthesize caPem = _caPem;
@synthesize platform = _platform;

- (void)dealloc {
    [_serverURL release];
    [_caPem release];
    [super dealloc];
}

@end
